using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HelpAgency.IntegrationTests.Hosting;

/// <summary>
/// The real host in-process, on its own fresh SQLite file, with a fake clock. Hosts on the repository's dialogs
/// share one trained recognizer and knowledge index (<see cref="SharedRecognition"/>); the rest is each host's own. Extra settings
/// can be given per test; anything else is the host's own default.
/// </summary>
public sealed class HelpAgencyFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public HelpAgencyFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
        : this(settings, services, seededTemplate: true)
    {
    }

    private HelpAgencyFactory(IDictionary<string, string?>? settings, Action<IServiceCollection>? services, bool seededTemplate)
    {
        _services = services;
        DatabaseFolder = Directory.CreateTempSubdirectory("helpagency-test-").FullName;
        DatabasePath = Path.Combine(DatabaseFolder, "test.db");
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = $"Data Source={DatabasePath}",
            ["Dialogs:Path"] = RepositoryRoot.Dialogs,
            ["Catalog:Path"] = Path.Combine(RepositoryRoot.Dialogs, "catalog.yaml"),
            ["Catalog:HolidaysPath"] = Path.Combine(RepositoryRoot.Dialogs, "holidays.yaml"),
            ["Demo:Seed"] = "false",
            // Tests send and scan by calling the dispatcher and the scheduler themselves.
            ["Pushes:RunInBackground"] = "false",
            // Tests that advance the clock by days delete old missed questions themselves, not the hourly loop.
            ["MissedQuestions:RunInBackground"] = "false",
            // Scripts chat far faster than a person types; tests of the limits set their own.
            ["Limits:TurnsPerUserPerMinute"] = "6000",
            ["Limits:QueuedTurnsPerUser"] = "50",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        // A host on its own file starts from a copy of one migrated database instead of running every migration again,
        // and a host on the demo data alone from a copy of one seeded database instead of seeding it again.
        if (_settings["Storage:ConnectionString"] == $"Data Source={DatabasePath}" && string.Equals(_settings["Storage:Provider"], "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            File.Copy(seededTemplate && services is null && SeededTemplateCatalog(settings) is { } catalog ? SeededTemplate(catalog) : MigratedTemplate.Value, DatabasePath);
        }
    }

    /// <summary>
    /// The catalog a host's demo data may be copied for: the settings ask for the demo data and at most another catalog
    /// of the repository's dialogs, nothing else that the seed could read.
    /// </summary>
    private static string? SeededTemplateCatalog(IDictionary<string, string?>? settings)
    {
        if (settings is null || !settings.TryGetValue("Demo:Seed", out var seed) || seed != "true")
        {
            return null;
        }

        var catalog = settings.TryGetValue("Catalog:Path", out var path) ? path : Path.Combine(RepositoryRoot.Dialogs, "catalog.yaml");
        var others = settings.Count - (settings.ContainsKey("Catalog:Path") ? 2 : 1);
        return others == 0 && (catalog == Path.Combine(RepositoryRoot.Dialogs, "catalog.yaml") || catalog == TestCatalog.WithDepartmentContacts) ? catalog : null;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string>> SeededTemplates = new(StringComparer.Ordinal);

    /// <summary>A SQLite file with the demo data as a host seeds it at start on <paramref name="catalog"/>, made once per test run.</summary>
    private static string SeededTemplate(string catalog) => SeededTemplates.GetOrAdd(catalog, c => new Lazy<string>(() =>
    {
        var template = Path.Combine(Directory.CreateTempSubdirectory("helpagency-template-").FullName, "seeded.db");
        using var seeding = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["Catalog:Path"] = c }, null, seededTemplate: false);
        _ = seeding.Services;
        VacuumInto(seeding.DatabasePath, template);
        return template;
    })).Value;

    /// <summary>Writes <paramref name="database"/> to <paramref name="copy"/> as one self-contained file (no write-ahead log beside it).</summary>
    private static void VacuumInto(string database, string copy)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var vacuum = connection.CreateCommand();
        vacuum.CommandText = $"VACUUM INTO '{copy.Replace("'", "''", StringComparison.Ordinal)}'";
        vacuum.ExecuteNonQuery();
    }

    /// <summary>A SQLite file with every migration applied, made once per test run and copied for each host.</summary>
    private static readonly Lazy<string> MigratedTemplate = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("helpagency-template-").FullName;
        var migrated = Path.Combine(folder, "migrated.db");
        var database = new HelpAgency.Storage.Database(Microsoft.Extensions.Options.Options.Create(
            new HelpAgency.Storage.StorageOptions { ConnectionString = $"Data Source={migrated}", BasePath = folder }));
        try
        {
            new HelpAgency.Storage.Migrations.MigrationRunner(database, Microsoft.Extensions.Logging.Abstractions.NullLogger<HelpAgency.Storage.Migrations.MigrationRunner>.Instance)
                .RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        var template = Path.Combine(folder, "template.db");
        VacuumInto(migrated, template);
        return template;
    });

    public string DatabaseFolder { get; }

    public string DatabasePath { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8)));

    /// <summary>Runs <paramref name="sql"/> on the host's database file and returns its single value.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, sql);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            // Department contacts are no names the recognizer reads: the catalog that adds them shares its training too.
            if (_settings["Dialogs:Path"] == RepositoryRoot.Dialogs
                && (_settings["Catalog:Path"] == Path.Combine(RepositoryRoot.Dialogs, "catalog.yaml") || _settings["Catalog:Path"] == TestCatalog.WithDepartmentContacts))
            {
                SharedRecognition.Use(services);
            }

            _services?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DatabaseFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is only a leftover temp folder, not a test failure.
            }
        }
    }
}
