using System.Globalization;
using System.Security;
using System.Text;

namespace Asteroid.Bench.Simulator;

/// <summary>The admin documents exactly as Icecast 2.4.4 writes them (see ../shared/icecast/samples):
/// same declaration line, element names, order and escaping; one trailing newline.</summary>
public static class IcecastDocuments
{
    private const string Declaration = "<?xml version=\"1.0\"?>\n";

    public static string ListClients(string mount, IReadOnlyList<IcecastModel.Listener> listeners, DateTimeOffset now)
    {
        var xml = new StringBuilder(Declaration.Length + 64 + listeners.Count * 140);
        xml.Append(Declaration).Append("<icestats><source mount=\"").Append(Escape(mount)).Append("\"><Listeners>")
            .Append(IcecastModel.Int(listeners.Count)).Append("</Listeners>");
        foreach (var l in listeners)
        {
            xml.Append("<listener><IP>").Append(l.Ip).Append("</IP><UserAgent>").Append(Escape(l.UserAgent)).Append("</UserAgent><Connected>")
                .Append(IcecastModel.Int(l.ConnectedSeconds(now))).Append("</Connected><ID>").Append(IcecastModel.Int(l.Id)).Append("</ID></listener>");
        }

        return xml.Append("</source></icestats>\n").ToString();
    }

    public static string ListMounts(IEnumerable<(string Mount, int Listeners, long ConnectedSeconds)> mounts)
    {
        var xml = new StringBuilder(Declaration).Append("<icestats>");
        foreach (var (mount, listeners, connected) in mounts)
        {
            xml.Append("<source mount=\"").Append(Escape(mount)).Append("\"><fallback></fallback><listeners>").Append(IcecastModel.Int(listeners))
                .Append("</listeners><Connected>").Append(IcecastModel.Int(connected)).Append("</Connected><content-type>audio/mpeg</content-type></source>");
        }

        return xml.Append("</icestats>\n").ToString();
    }

    public static string Stats(DateTimeOffset serverStart, IEnumerable<(string Mount, int Listeners)> mounts)
    {
        var list = mounts.ToList();
        var total = list.Sum(m => m.Listeners);
        var start = serverStart.ToUniversalTime();
        var xml = new StringBuilder(Declaration).Append("<icestats><admin>admin@localhost</admin><client_connections>0</client_connections><clients>")
            .Append(IcecastModel.Int(total + list.Count)).Append("</clients><connections>0</connections><file_connections>0</file_connections>")
            .Append("<host>127.0.0.1</host><listener_connections>0</listener_connections><listeners>").Append(IcecastModel.Int(total))
            .Append("</listeners><location>simulator</location><server_id>Icecast 2.4.4</server_id><server_start>")
            .Append(start.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("</server_start><server_start_iso8601>")
            .Append(start.ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture)).Append("</server_start_iso8601>")
            .Append("<source_client_connections>").Append(IcecastModel.Int(list.Count)).Append("</source_client_connections>")
            .Append("<source_relay_connections>0</source_relay_connections><source_total_connections>").Append(IcecastModel.Int(list.Count))
            .Append("</source_total_connections><sources>").Append(IcecastModel.Int(list.Count)).Append("</sources><stats>0</stats><stats_connections>0</stats_connections>");
        foreach (var (mount, listeners) in list)
        {
            xml.Append("<source mount=\"").Append(Escape(mount)).Append("\"><audio_info>bitrate=64</audio_info><bitrate>64</bitrate><genre>various</genre>")
                .Append("<listener_peak>").Append(IcecastModel.Int(listeners)).Append("</listener_peak><listeners>").Append(IcecastModel.Int(listeners))
                .Append("</listeners><listenurl>http://127.0.0.1:8000").Append(Escape(mount)).Append("</listenurl><max_listeners>unlimited</max_listeners>")
                .Append("<public>0</public><server_name>simulated</server_name><server_type>audio/mpeg</server_type><slow_listeners>0</slow_listeners>")
                .Append("<source_ip>127.0.0.1</source_ip><total_bytes_read>0</total_bytes_read><total_bytes_sent>0</total_bytes_sent></source>");
        }

        return xml.Append("</icestats>\n").ToString();
    }

    private static string Escape(string text) => SecurityElement.Escape(text);
}
