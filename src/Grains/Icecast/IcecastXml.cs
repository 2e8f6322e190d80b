using System.Globalization;
using System.Xml;

namespace Asteroid.Icecast;

/// <summary>Shared XmlReader handling for Icecast admin documents: no DTD, no external resolution,
/// and one element-walking loop so each parser only says what to do with the elements it knows.</summary>
internal static class IcecastXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    public static XmlReader CreateReader(Stream xml) => XmlReader.Create(xml, Settings);

    /// <summary>Checks the root is <c>&lt;icestats&gt;</c> (an HTML error page or any other document is
    /// rejected with a clear message) and walks its children.</summary>
    public static void ReadDocument(XmlReader reader, Func<XmlReader, bool> onElement)
    {
        if (reader.MoveToContent() != XmlNodeType.Element || reader.Name != "icestats")
        {
            throw Error(reader, $"expected <icestats> root element, found <{Truncate(reader.Name)}>");
        }

        ReadChildren(reader, onElement);
    }

    /// <summary>Walks the element children of the current element (nested at any depth unless
    /// <paramref name="onElement"/> consumes them), leaving the reader after its end tag.
    /// <paramref name="onElement"/> returns true when it consumed the element it was given.</summary>
    public static void ReadChildren(XmlReader reader, Func<XmlReader, bool> onElement)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element && onElement(reader))
            {
                continue; // the handler moved past the element
            }

            reader.Read();
        }

        reader.Read();
    }

    public static int ReadInt(XmlReader reader)
    {
        var error = Error(reader, $"<{reader.Name}> is not a 32-bit integer");
        var value = ReadLong(reader);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw error;
    }

    public static long ReadLong(XmlReader reader)
    {
        var name = reader.Name;
        var error = Error(reader, $"<{name}> is not an integer");
        var text = reader.ReadElementContentAsString();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw error;
    }

    public static XmlException Error(XmlReader reader, string message) =>
        reader is IXmlLineInfo info ? new XmlException(message, null, info.LineNumber, info.LinePosition) : new XmlException(message);

    private static string Truncate(string name) => name.Length <= 32 ? name : name[..32];
}
