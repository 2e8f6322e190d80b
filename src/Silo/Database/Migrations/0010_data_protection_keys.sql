-- ASP.NET Core Data Protection key ring, shared by every node through the database: sign-in
-- cookies and the Icecast admin passwords kept in grain state are protected with these keys.
-- Each row is one <key> element as Data Protection writes it (the keys themselves are encrypted
-- at rest only if an XML encryptor is configured; protect database backups accordingly).
CREATE TABLE data_protection_keys
(
    name       text        PRIMARY KEY,
    xml        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
