using System.Globalization;
using HelpAgency.Core.Oversight;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Http;

/// <summary>The one paging helper of the JSON API: reads ?page=&amp;pageSize= and writes a page with its totals.</summary>
public static class Paging
{
    public const int DefaultSize = 20;

    public static (PageRequest? Page, JsonHttpResult<ApiError>? Error) Parse(string? page, string? pageSize, ConsoleTexts texts)
    {
        var number = 1;
        var size = DefaultSize;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
        {
            return (null, texts.BadRequest("error.page"));
        }

        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > PageRequest.MaxSize))
        {
            return (null, texts.BadRequest("error.page_size", ("max", PageRequest.MaxSize.ToString(CultureInfo.InvariantCulture))));
        }

        return (new PageRequest(number, size), null);
    }

    public static PageOf<TItem> ToJson<T, TItem>(Page<T> page, Func<T, TItem> item) =>
        new(page.Items.Select(item), page.Total, page.Number, page.Size, page.Pages);
}

/// <summary>A page of a list as the JSON API answers it: its items, the list's total, the page's number and size, and how many pages.</summary>
public sealed record PageOf<T>(IEnumerable<T> Items, int Total, int Page, int PageSize, int Pages);
