using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MaxMind.Db;
using MaxMind.GeoIP2;
using Microsoft.Extensions.Options;

namespace Asteroid.Enrichment;

/// <summary>City lookups in MaxMind DB files. GeoIP2/GeoLite2 City databases are read with
/// <c>MaxMind.GeoIP2</c>; the DB-IP Lite flat schema (<c>city, country_code, state1, …</c>) with
/// <c>MaxMind.Db</c> — chosen from each file's metadata. An address not in the database, private or
/// reserved, is <see cref="GeoLocation.Unknown"/>, never an error.</summary>
public sealed class GeoIpLookup : IDisposable
{
    private readonly CityDatabase? _v4;
    private readonly CityDatabase? _v6;

    public GeoIpLookup(IOptions<GeoIpOptions> options)
    {
        var o = options.Value;
        _v4 = string.IsNullOrWhiteSpace(o.CityDatabase) ? null : CityDatabase.Open(o.CityDatabase);
        _v6 = string.IsNullOrWhiteSpace(o.CityDatabaseV6) ? _v4 : CityDatabase.Open(o.CityDatabaseV6);
    }

    public bool Enabled => _v4 is not null || _v6 is not null;

    /// <summary>The database types in use, for logs and the UI attribution.</summary>
    public IReadOnlyList<string> DatabaseTypes => new[] { _v4, _v6 }.OfType<CityDatabase>().Select(d => d.Type).Distinct().ToList();

    public GeoLocation Lookup(IPAddress? address)
    {
        if (address is null)
        {
            return GeoLocation.Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        // A separate IPv6 file must never see an IPv4 address and the other way round: the flat
        // DB-IP files silently answer a wrong record for the other family.
        var database = address.AddressFamily == AddressFamily.InterNetworkV6 ? _v6 : _v4;
        return database?.Lookup(address) ?? GeoLocation.Unknown;
    }

    public void Dispose()
    {
        _v4?.Dispose();
        if (!ReferenceEquals(_v4, _v6))
        {
            _v6?.Dispose();
        }
    }

    private abstract class CityDatabase : IDisposable
    {
        public abstract string Type { get; }

        public static CityDatabase Open(string path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"GeoIp: the city database '{path}' does not exist", path);
            }

            var reader = new Reader(path, FileAccessMode.MemoryMapped);
            var type = reader.Metadata.DatabaseType;
            if (type.Contains("City", StringComparison.OrdinalIgnoreCase) && (type.StartsWith("GeoIP2", StringComparison.Ordinal) || type.StartsWith("GeoLite2", StringComparison.Ordinal)))
            {
                reader.Dispose();
                return new MaxMindCity(new DatabaseReader(path, FileAccessMode.MemoryMapped), type);
            }

            return new FlatCity(reader, type);
        }

        public abstract GeoLocation? Lookup(IPAddress address);

        public abstract void Dispose();

        protected static double? CityPrecision(double? value) => value is { } v ? Math.Round(v, 2) : null;

        protected static string? CountryName(string? code)
        {
            if (string.IsNullOrEmpty(code))
            {
                return null;
            }

            try
            {
                return new RegionInfo(code).EnglishName;
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    }

    private sealed class MaxMindCity(DatabaseReader reader, string type) : CityDatabase
    {
        public override string Type => type;

        public override GeoLocation? Lookup(IPAddress address)
        {
            if (!reader.TryCity(address, out var city) || city is null)
            {
                return null;
            }

            var code = string.IsNullOrEmpty(city.Country.IsoCode) ? null : city.Country.IsoCode;
            return new GeoLocation(code, city.Country.Name ?? CountryName(code), city.MostSpecificSubdivision.Name,
                city.City.Name, CityPrecision(city.Location.Latitude), CityPrecision(city.Location.Longitude));
        }

        public override void Dispose() => reader.Dispose();
    }

    private sealed class FlatCity(Reader reader, string type) : CityDatabase
    {
        public override string Type => type;

        public override GeoLocation? Lookup(IPAddress address)
        {
            var record = reader.Find<Dictionary<string, object>>(address);
            if (record is null)
            {
                return null;
            }

            var code = Text(record, "country_code");
            return new GeoLocation(code, CountryName(code), Text(record, "state1"), Text(record, "city"),
                CityPrecision(Number(record, "latitude")), CityPrecision(Number(record, "longitude")));
        }

        public override void Dispose() => reader.Dispose();

        private static string? Text(Dictionary<string, object> record, string key) =>
            record.TryGetValue(key, out var value) && value is string { Length: > 0 } s ? s : null;

        private static double? Number(Dictionary<string, object> record, string key) =>
            record.TryGetValue(key, out var value) ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : null;
    }
}
