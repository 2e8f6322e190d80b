namespace Asteroid.Reports;

/// <summary><c>/stats/geo</c>: countries with their cities, largest audience first (distinct
/// listeners are a union over the days). Unknown location is a null country code.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.geo-report")]
public sealed record class GeoReport(
    [property: Id(0)] ReportHeader Header,
    [property: Id(1)] IReadOnlyList<CountryRow> Countries,
    [property: Id(2)] bool UniqueListenersExact);

[GenerateSerializer, Immutable, Alias("asteroid.country-row")]
public sealed record class CountryRow(
    [property: Id(0)] string? CountryCode,
    [property: Id(1)] string? CountryName,
    [property: Id(2)] long UniqueListeners,
    [property: Id(3)] long Sessions,
    [property: Id(4)] double ListenMinutes,
    [property: Id(5)] IReadOnlyList<CityRow> Cities);

[GenerateSerializer, Immutable, Alias("asteroid.city-row")]
public sealed record class CityRow(
    [property: Id(0)] string? City,
    [property: Id(1)] string? Region,
    [property: Id(2)] long UniqueListeners,
    [property: Id(3)] long Sessions,
    [property: Id(4)] double ListenMinutes);
