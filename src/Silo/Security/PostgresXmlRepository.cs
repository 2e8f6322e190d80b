using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Asteroid.Silo.Security;

/// <summary>Keeps the Data Protection key ring in the <c>data_protection_keys</c> table, so every
/// silo and web node protects and unprotects with the same keys.</summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource db) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = db.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY created_at, name");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = db.CreateCommand("INSERT INTO data_protection_keys (name, xml) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET xml = excluded.xml");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
