using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Startup;

/// <summary>One entry of the "Staff" section: an assistant or a supervisor, written to the database at each start.</summary>
public sealed class StaffEntry
{
    public string UserId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>"assistant" or "supervisor".</summary>
    public string Role { get; set; } = "assistant";

    public string Phone { get; set; } = "";

    public List<string> Parks { get; set; } = [];

    public bool OnDuty { get; set; } = true;

    public StaffMember ToMember() => new(UserId.Trim(), Name.Trim(), UserRoles.Parse(Role.Trim()), Phone.Trim(), Parks, OnDuty);
}

public sealed class StaffOptions
{
    public const string Section = "Staff";

    public List<StaffEntry> Members { get; set; } = [];
}

internal sealed class StaffOptionsValidator : IValidateOptions<StaffOptions>
{
    public ValidateOptionsResult Validate(string? name, StaffOptions options)
    {
        var errors = new List<string>();
        foreach (var (entry, index) in options.Members.Select((e, i) => (e, i)))
        {
            var where = $"Staff:Members:{index}";
            if (string.IsNullOrWhiteSpace(entry.UserId) || entry.UserId.Length > 64)
            {
                errors.Add($"{where}:UserId must be a WeCom user id of 1 to 64 characters.");
            }

            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                errors.Add($"{where}:Name is required.");
            }

            if (entry.Role.Trim() is not ("assistant" or "supervisor"))
            {
                errors.Add($"{where}:Role must be 'assistant' or 'supervisor', not '{entry.Role}'.");
            }
        }

        var duplicates = options.Members.GroupBy(m => m.UserId.Trim()).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            errors.Add($"Staff:Members lists {string.Join(", ", duplicates)} more than once.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
