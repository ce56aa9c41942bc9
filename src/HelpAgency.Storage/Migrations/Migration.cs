namespace HelpAgency.Storage.Migrations;

/// <summary>One numbered SQL file of the schema's history.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Checksum);
