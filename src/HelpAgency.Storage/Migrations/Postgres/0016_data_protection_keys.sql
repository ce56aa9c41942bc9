-- The data-protection key ring (XML elements as ASP.NET Core writes them), shared by every host on the database:
-- staff sessions and antiforgery tokens issued by one host are read by the others and survive restarts.
CREATE TABLE data_protection_keys (
    name TEXT NOT NULL PRIMARY KEY,
    xml TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
