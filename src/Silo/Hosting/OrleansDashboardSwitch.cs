using Microsoft.Extensions.Configuration;

namespace Asteroid.Silo.Hosting;

/// <summary><c>Orleans:Dashboard:Enabled</c> (default false): the Orleans Dashboard's data collection
/// on every silo, and its pages on the web front at <c>/orleans-dashboard/</c> for signed-in admins.
/// Set it the same on every host of a cluster (the Kubernetes ConfigMap does).</summary>
public static class OrleansDashboardSwitch
{
    public const string Key = "Orleans:Dashboard:Enabled";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(Key, false);
}
