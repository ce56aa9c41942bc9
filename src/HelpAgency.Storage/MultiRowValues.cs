using Dapper;

namespace HelpAgency.Storage;

/// <summary>
/// The VALUES list of an INSERT of many rows in one statement: a row of numbered parameters (@c0, @c1 …) for each
/// element, their values added to the statement's parameters.
/// </summary>
internal static class MultiRowValues
{
    /// <summary>
    /// "(…), (…)" for <paramref name="rows"/>: each row starts with the <paramref name="shared"/> expressions (parameters
    /// every row uses, such as "@now"), then holds one parameter per column, named after it and numbered by the row.
    /// </summary>
    public static string Of<T>(IReadOnlyList<T> rows, DynamicParameters parameters, IReadOnlyList<string> shared, params (string Name, Func<T, object?> Value)[] columns)
    {
        var values = new List<string>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = new List<string>(shared.Count + columns.Length);
            cells.AddRange(shared);
            foreach (var (name, value) in columns)
            {
                cells.Add($"@{name}{i}");
                parameters.Add($"{name}{i}", value(rows[i]));
            }

            values.Add($"({string.Join(", ", cells)})");
        }

        return string.Join(", ", values);
    }
}
