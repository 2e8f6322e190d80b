using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Asteroid.Tests.Architecture;

/// <summary>The map of docs/architecture.md, enforced: contracts depend on nothing of ours, the grains
/// know no ASP.NET Core and no host, and the web front reaches data only through the contracts.</summary>
public sealed class LayerRulesTests
{
    private static readonly System.Reflection.Assembly ContractsAssembly = typeof(Mounts.IMountGrain).Assembly;
    private static readonly System.Reflection.Assembly GrainsAssembly = typeof(Mounts.SessionTracker).Assembly;
    private static readonly System.Reflection.Assembly SiloAssembly = typeof(Silo.Program).Assembly;
    private static readonly System.Reflection.Assembly WebAssembly = typeof(Web.Hosting.WebHostingExtensions).Assembly;

    private static readonly ArchUnitNET.Domain.Architecture Code =
        new ArchLoader().LoadAssemblies(ContractsAssembly, GrainsAssembly, SiloAssembly, WebAssembly).Build();

    private static readonly IObjectProvider<IType> Contracts = Types().That().ResideInAssembly(ContractsAssembly).As("src/Grains.Interfaces");
    private static readonly IObjectProvider<IType> Grains = Types().That().ResideInAssembly(GrainsAssembly).As("src/Grains");
    private static readonly IObjectProvider<IType> SiloHost = Types().That().ResideInAssembly(SiloAssembly).As("src/Silo");
    private static readonly IObjectProvider<IType> WebFront = Types().That().ResideInAssembly(WebAssembly).As("src/Web");

    [Fact]
    public void Contracts_reference_neither_grains_nor_hosts()
    {
        Types().That().Are(Contracts).Should().NotDependOnAny(Grains)
            .AndShould().NotDependOnAny(SiloHost)
            .AndShould().NotDependOnAny(WebFront)
            .Check(Code);
    }

    [Fact]
    public void Grains_reference_neither_ASP_NET_Core_nor_the_hosts()
    {
        Types().That().Are(Grains).Should().NotDependOnAny(SiloHost)
            .AndShould().NotDependOnAny(WebFront)
            .AndShould().NotDependOnAnyTypesThat().ResideInNamespaceMatching(@"^Microsoft\.AspNetCore(\..*)?$")
            .Check(Code);
    }

    [Fact]
    public void Web_reaches_no_SQL()
    {
        Types().That().Are(WebFront).Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(@"^Npgsql(\..*)?$")
            .Check(Code);
    }

    /// <summary>The web front calls grains through their contracts. The documented exceptions: the
    /// enrichment of a hook's listener (GeoIP, user agent and keyed hash run on the node that received
    /// the address, so the raw address never crosses the cluster), the streamed access-log import,
    /// and the service's meter (<c>AsteroidMetrics</c>, which the hook endpoint counts calls on).</summary>
    [Fact]
    public void Web_uses_no_grain_implementation_but_enrichment_and_import()
    {
        Types().That().Are(WebFront).Should().NotDependOnAny(
                Types().That().Are(Grains)
                    .And().DoNotResideInNamespace("Asteroid.Enrichment")
                    .And().DoNotResideInNamespace("Asteroid.Import")
                    .And().DoNotResideInNamespace("Asteroid.Observability")
                    .As("src/Grains except Enrichment, Import and Observability"))
            .Check(Code);
    }
}
