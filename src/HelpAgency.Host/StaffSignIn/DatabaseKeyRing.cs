using System.Xml.Linq;
using HelpAgency.Storage.Security;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace HelpAgency.Host.StaffSignIn;

/// <summary>
/// The data-protection key ring in the database, so that a session cookie or an antiforgery token issued by one host
/// is read by every other host on the database and after a restart.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous and the framework calls it only when it loads or renews the key ring
/// (at first use, then about once a day), so blocking on the store there costs nothing a request would notice.
/// Keys are stored unencrypted, like the framework's own file and EF Core stores: the database is as secret as they are.
/// </remarks>
public sealed class DatabaseKeyRing(DataProtectionKeyStore store, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.ListAsync(CancellationToken.None).GetAwaiter().GetResult().Select(x => XElement.Parse(x)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), clock.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult();
}
