using System.Data.Common;
using Dapper;

namespace HelpAgency.Storage.Migrations;

/// <summary>
/// PostgreSQL, when migrations run as the owner: what the host's role may do in the schema they migrated. Every table
/// is the host's to read and write except the ledger, which takes new rows only, and the migrations' record, which it
/// reads; set again in full at every start, so a table a later migration adds is covered in the same transaction.
/// </summary>
internal static class HostRoleGrants
{
    /// <summary>Grants the host's role its privileges; refuses a role that could lift the ledger's triggers itself.</summary>
    public static async Task ApplyAsync(DbConnection owner, DbTransaction transaction, string hostRole, CancellationToken cancellationToken)
    {
        // A superuser, or a member of the role that owns the ledger or its schema, can disable or drop the triggers
        // (and a schema's owner can drop any table in it): privileges would not hold it.
        var role = await owner.QuerySingleAsync<(string Schema, string Name, bool Same, bool Owns, bool HasUsage)>(new CommandDefinition(
            """
            SELECT quote_ident(n.nspname), quote_ident(r.rolname), r.rolname = current_user,
                   r.rolsuper OR pg_has_role(r.oid, c.relowner, 'MEMBER') OR pg_has_role(r.oid, n.nspowner, 'MEMBER'),
                   has_schema_privilege(r.oid, n.oid, 'USAGE')
            FROM pg_roles r, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE r.rolname = @hostRole AND c.oid = 'service_ledger'::regclass
            """,
            new { hostRole }, transaction, cancellationToken: cancellationToken));
        if (role.Same)
        {
            return;
        }

        if (role.Owns)
        {
            throw new InvalidOperationException(
                $"Storage:ConnectionString logs in as {hostRole}, which is a superuser or owns the ledger or its schema, so it could turn off the " +
                "ledger's triggers. Give the host a role of its own; for tables it created, run REASSIGN OWNED BY it TO the owner role first.");
        }

        var (schema, name) = (role.Schema, role.Name);
        var usage = role.HasUsage ? "" : $"GRANT USAGE ON SCHEMA {schema} TO {name};";
        await owner.ExecuteAsync(new CommandDefinition(
            $"""
            {usage}
            REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {name};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {name};
            REVOKE UPDATE, DELETE ON {schema}.service_ledger FROM {name};
            REVOKE INSERT, UPDATE, DELETE ON {schema}.schema_migrations FROM {name};
            REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {name};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {name};
            """,
            transaction: transaction, cancellationToken: cancellationToken));
    }
}
