namespace HelpAgency.Core.Oversight;

/// <summary>Which page of a list to read: numbered from 1, at most <see cref="MaxSize"/> rows.</summary>
public sealed record PageRequest(int Number, int Size)
{
    public const int MaxSize = 200;

    public int Offset => (Number - 1) * Size;
}

/// <summary>One page of a list and how many rows the whole list has.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Number, int Size)
{
    public int Pages => Size == 0 ? 0 : (Total + Size - 1) / Size;
}
