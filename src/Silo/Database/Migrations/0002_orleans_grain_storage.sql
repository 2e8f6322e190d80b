-- Orleans ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4.2 contract): the
-- provider sends the grain key split into hash, N0, N1, type and string extension, and the
-- payload as @PayloadBinary; it reads PayloadBinary, Version and NewGrainStateVersion.
-- Optimistic concurrency: a write returns the new version, or the old one on conflict.

CREATE TABLE orleans_storage
(
    service_id                varchar(150) NOT NULL,
    grain_type_hash           integer      NOT NULL,
    grain_id_hash             integer      NOT NULL,
    grain_id_n0               bigint       NOT NULL,
    grain_id_n1               bigint       NOT NULL,
    grain_type_string         varchar(512) NOT NULL,
    grain_id_extension_string varchar(512),
    payload_binary            bytea,
    modified_on               timestamptz  NOT NULL DEFAULT now(),
    version                   integer      NOT NULL,
    CONSTRAINT orleans_storage_key UNIQUE NULLS NOT DISTINCT
        (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1,
         grain_type_string, grain_id_extension_string)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT payload_binary AS "PayloadBinary", now() AS "ModifiedOn", version AS "Version"
    FROM orleans_storage
    WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_type_string = @GrainTypeString
      AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString::varchar;
$q$),
('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE orleans_storage
        SET payload_binary = @PayloadBinary, modified_on = now(), version = version + 1
        WHERE @GrainStateVersion::int IS NOT NULL
          AND service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_type_string = @GrainTypeString
          AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
          AND version = @GrainStateVersion::int
        RETURNING version),
    inserted AS (
        INSERT INTO orleans_storage (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1,
                                     grain_type_string, grain_id_extension_string, payload_binary, version)
        SELECT @ServiceId, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1,
               @GrainTypeString, @GrainIdExtensionString::varchar, @PayloadBinary, 1
        WHERE @GrainStateVersion::int IS NULL
        ON CONFLICT ON CONSTRAINT orleans_storage_key DO NOTHING
        RETURNING version)
    SELECT COALESCE((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion::int)
           AS "NewGrainStateVersion";
$q$),
('ClearStorageKey', $q$
    WITH cleared AS (
        UPDATE orleans_storage
        SET payload_binary = NULL, modified_on = now(), version = version + 1
        WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_type_string = @GrainTypeString
          AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
          AND version = @GrainStateVersion::int
        RETURNING version)
    SELECT COALESCE((SELECT version FROM cleared), @GrainStateVersion::int) AS "NewGrainStateVersion";
$q$),
('DeleteStorageKey', $q$
    WITH deleted AS (
        DELETE FROM orleans_storage
        WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_type_string = @GrainTypeString
          AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
          AND version = @GrainStateVersion::int
        RETURNING version + 1 AS version)
    SELECT COALESCE((SELECT version FROM deleted), @GrainStateVersion::int) AS "NewGrainStateVersion";
$q$);
