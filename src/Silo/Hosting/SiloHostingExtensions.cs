using System.Net;
using Asteroid.Database;
using Asteroid.Silo.Database;
using Asteroid.Silo.Seeding;
using Asteroid.Enrichment;
using Asteroid.Events;
using Asteroid.Sessions;
using Asteroid.Icecast;
using Asteroid.Servers;
using Asteroid.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using SessionOptions = Asteroid.Sessions.SessionOptions;

namespace Asteroid.Silo.Hosting;

/// <summary>Everything a silo of this service needs, shared by <c>src/Silo</c> (silo only) and
/// <c>src/Web</c> (silo + web front): PostgreSQL, migrations, Orleans on ADO.NET, the event streams,
/// the Icecast client and the snapshot writer.</summary>
public static class SiloHostingExtensions
{
    public static IHostApplicationBuilder AddAsteroidSilo(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Asteroid is not set. Set it (environment ConnectionStrings__Asteroid=\"Host=…;Database=…;Username=…\") " +
                "or start with ./run.sh, which runs a local PostgreSQL.");
        }

        builder.AddAsteroidDatabase(connectionString);
        builder.AddAsteroidDataProtection();
        builder.AddAsteroidEnrichment();
        builder.AddAsteroidSessions();
        builder.AddAsteroidIcecast();
        builder.AddAsteroidOrleans(connectionString);

        // Registered after the silo so that it stops before it (hosted services stop in reverse
        // order): its last batch reaches the day grains while they can still be called.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Analytics.AggregationFeed>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventPublisher>());
        builder.AddAsteroidAlerts();
        return builder;
    }

    /// <summary>ASP.NET Core Data Protection (sign-in cookies, Icecast admin passwords in grain state)
    /// with a key ring every node shares: the directory <c>DataProtection:KeysPath</c> when set (a
    /// shared volume), else the <c>data_protection_keys</c> table.</summary>
    private static void AddAsteroidDataProtection(this IHostApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("asteroid");
        if (builder.Configuration["DataProtection:KeysPath"] is { Length: > 0 } keys)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }
        else
        {
            builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
                .Configure<NpgsqlDataSource>((o, db) => o.XmlRepository = new Security.PostgresXmlRepository(db));
        }

        builder.Services.AddSingleton<ISecretProtector, Security.DataProtectionSecretProtector>();
    }

    private static void AddAsteroidDatabase(this IHostApplicationBuilder builder, string connectionString)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddSingleton(new ConnectionString(connectionString));
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<MigrationRunner>();
        services.AddHostedService<MigrateOnStartService>();
        services.AddSingleton<SnapshotWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotWriter>());
        services.AddSingleton(TimeProvider.System);
    }

    /// <summary>GeoIP, user agents and the listener key: usable by the web front too (hooks enrich
    /// before anything leaves the node that received the IP).</summary>
    public static IHostApplicationBuilder AddAsteroidEnrichment(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GeoIpOptions>().BindConfiguration(GeoIpOptions.Section);
        services.AddOptions<UserAgentOptions>().BindConfiguration(UserAgentOptions.Section);
        var development = builder.Environment.IsDevelopment();
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section)
            .PostConfigure(o => o.HashKey ??= development ? "development-only-hash-key-not-secret" : null)
            .Validate(o => o.HashKey is { Length: >= 16 },
                "Privacy:HashKey is required (at least 16 characters): it keys the listener hash. Set Privacy__HashKey; ./run.sh generates one into .data/hash-key")
            .Validate(o => o.ListenerKey is "ip+ua" or "ip", "Privacy:ListenerKey must be 'ip+ua' or 'ip'")
            .ValidateOnStart();
        services.AddOptions<Enrichment.ProxyOptions>().BindConfiguration(Enrichment.ProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Enrichment.ProxyOptions>, Enrichment.ProxyOptionsValidator>();
        services.AddSingleton(sp => Enrichment.TrustedProxies.Parse(sp.GetRequiredService<IOptions<Enrichment.ProxyOptions>>().Value.TrustedProxies, out _));
        services.AddSingleton<GeoIpLookup>();
        services.AddSingleton<UserAgentClassifier>();
        services.AddSingleton<ListenerKeyHasher>();
        services.AddSingleton<ListenerEnricher>();
        return builder;
    }

    private static void AddAsteroidSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<Import.AccessLogImporter>().AddSingleton<Import.ImportOutcomeStore>();
        builder.Services.AddOptions<Import.ImportOptions>().BindConfiguration(Import.ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<Stations.NetworkOptions>().BindConfiguration(Stations.NetworkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Stations.StationResolver>();
        builder.Services.AddSingleton<Rebuilds.RebuildStore>().AddSingleton<Rebuilds.ScopeRebuilds>().AddSingleton<Rebuilds.RebuildService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Rebuilds.RebuildService>());
        builder.Services.AddSingleton<Analytics.AggregateStore>().AddSingleton<Analytics.GeoStore>();
        builder.Services.AddSingleton<Analytics.AggregationFeed>();
        builder.Services.AddSingleton<Analytics.Reconciler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Analytics.Reconciler>());
        builder.Services.AddOptions<List<Stations.StationConfig>>().BindConfiguration("Stations");
        builder.Services.AddOptions<Retention.RetentionOptions>().BindConfiguration(Retention.RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Retention.RetentionJob>();
        builder.Services.AddOptions<Access.AuditOptions>().BindConfiguration(Access.AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Access.AuditStore>();
        builder.Services.AddHostedService<Access.AuditRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Retention.RetentionJob>());
        builder.Services.AddOptions<Reports.ReportOptions>().BindConfiguration(Reports.ReportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Reports.StoredDayCache>().AddSingleton<Reports.ScopeResolver>().AddSingleton<Reports.TrafficRebuild>();
        builder.Services.AddSingleton<Reports.SessionExportStore>().AddSingleton<Reports.SourcesStore>().AddSingleton<Reports.LiveDetailStore>();
        builder.Services.AddSingleton<SessionWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SessionWriter>());
        builder.AddAsteroidTracks();
        builder.Services.AddOptions<Shows.ShowOptions>().BindConfiguration(Shows.ShowOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Shows.ShowStore>().AddSingleton<Shows.EpisodeAudienceStore>().AddSingleton<Shows.ShowReports>().AddSingleton<Shows.DaypartResolver>();
        builder.Services.AddSingleton<Shows.EpisodeAudienceJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Shows.EpisodeAudienceJob>());
    }

    /// <summary>Alert rules, their evaluation and deliveries, and the scheduled reports (issue 17,
    /// docs/alerts.md): options <c>Alerts:*</c>, <c>Smtp:*</c> and <c>ScheduledReports:*</c> validated at
    /// start, the stores, the senders, the report builder and the delivery worker (after the silo, so it starts once grains can be called).</summary>
    private static void AddAsteroidAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<Alerts.AlertOptions>().BindConfiguration(Alerts.AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<Alerts.SmtpOptions>().BindConfiguration(Alerts.SmtpOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<Alerts.SmtpOptions>, Alerts.SmtpOptionsValidator>();
        builder.Services.AddSingleton<Alerts.AlertStore>().AddSingleton<Alerts.WebhookSender>().AddSingleton<Alerts.EmailSender>();
        builder.Services.AddHttpClient(Alerts.WebhookSender.HttpClientName, http =>
        {
            http.Timeout = Timeout.InfiniteTimeSpan; // each request has its own (Alerts:RequestTimeoutSeconds)
            http.DefaultRequestHeaders.UserAgent.ParseAdd("Asteroid-Alerts/1.0");
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            MaxConnectionsPerServer = 4,
            MaxResponseHeadersLength = 16,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });
        builder.Services.AddOptions<ScheduledReports.ScheduledReportOptions>().BindConfiguration(ScheduledReports.ScheduledReportOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ScheduledReports.ReportScheduleStore>().AddSingleton<ScheduledReports.ScheduledReportBuilder>();
        builder.Services.AddHostedService<Alerts.AlertDeliveryWorker>();
    }

    /// <summary>Plays and their audience (issue 14): the store, the playlist.log import, the reports
    /// and the job that stores the audience of ended plays.</summary>
    private static void AddAsteroidTracks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<Tracks.TrackOptions>().BindConfiguration(Tracks.TrackOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Tracks.PlayStore>().AddSingleton<Tracks.StoredPlayCache>().AddSingleton<Import.PlaylistLogImporter>().AddSingleton<Tracks.TrackReports>();
        builder.Services.AddSingleton<Tracks.PlayAudienceJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Tracks.PlayAudienceJob>());
        builder.Services.AddSingleton<Royalties.RoyaltyStore>();
    }

    private static void AddAsteroidIcecast(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IcecastOptions>()
            .BindConfiguration(IcecastOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IcecastOptions>, IcecastOptionsValidator>();
        builder.Services.AddOptions<Hls.HlsOptions>().BindConfiguration(Hls.HlsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<Hls.HlsOptions>, Hls.HlsOptionsValidator>();
        builder.Services.AddSingleton<Hls.HaproxyRuntimeClient>();
        builder.Services.AddHttpClient<IcecastAdminClient>(IcecastAdminClient.HttpClientName, http =>
        {
            http.Timeout = Timeout.InfiniteTimeSpan; // each request has its own timeout (Icecast:RequestTimeoutSeconds)
            http.DefaultRequestHeaders.UserAgent.ParseAdd("Asteroid-Stats/1.0");
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            MaxConnectionsPerServer = 16,
        });
    }

    private static void AddAsteroidOrleans(this IHostApplicationBuilder builder, string connectionString)
    {
        var orleans = builder.Configuration.GetSection("Orleans");
        builder.Services.AddOptions<KeepAliveOptions>().BindConfiguration(KeepAliveOptions.Section);
        builder.Services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IEventStreams, OrleansEventStreams>();
        builder.Services.AddSingleton<EventPublisher>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ServerSeeder>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, HlsSourceSeeder>();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = orleans["ClusterId"] ?? "asteroid";
                o.ServiceId = orleans["ServiceId"] ?? "asteroid";
            });
            if (orleans["SiloName"] is { Length: > 0 } siloName)
            {
                silo.Configure<SiloOptions>(o => o.SiloName = siloName); // POD_NAME on Kubernetes
            }

            var address = IPAddress.Parse(orleans["AdvertisedAddress"] ?? "127.0.0.1");
            silo.ConfigureEndpoints(address,
                orleans.GetValue("SiloPort", 11111),
                orleans.GetValue("GatewayPort", 30000),
                listenOnAnyHostAddress: orleans.GetValue("ListenOnAnyHostAddress", false));
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            // The event streams (docs/architecture.md, "Streams"): memory streams, notification only;
            // their subscriptions (pub/sub state) in PostgreSQL, so a client's subscription outlives a silo.
            silo.AddMemoryStreams(AsteroidStreams.Provider, streams =>
                streams.ConfigurePullingAgent(o => o.Configure(a => a.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(200))));
            silo.AddAdoNetGrainStorage(AsteroidStreams.Provider, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            if (orleans.GetValue<TimeSpan?>("MinimumReminderPeriod") is { } minimum)
            {
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = minimum);
            }

            if (OrleansDashboardSwitch.IsEnabled(builder.Configuration))
            {
                silo.AddDashboard(); // on every silo of the cluster: the web front's dashboard asks each for its figures
            }
        });
    }
}
