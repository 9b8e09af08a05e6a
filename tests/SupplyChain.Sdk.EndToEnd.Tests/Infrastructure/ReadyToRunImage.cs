using System.IO;
using System.IO.Compression;
using System.Reflection.PortableExecutable;

namespace SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;

/// <summary>Whether an assembly is precompiled: a ReadyToRun image has a managed native header in its CLI header; an IL-only assembly has none.</summary>
internal static class ReadyToRunImage
{
    public static bool IsReadyToRun(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        return pe.PEHeaders.CorHeader is { } cor && cor.ManagedNativeHeaderDirectory.Size > 0;
    }

    public static bool IsReadyToRun(ZipArchiveEntry entry)
    {
        using var stream = new MemoryStream();
        using (var source = entry.Open())
        {
            source.CopyTo(stream);
        }

        return IsReadyToRun(stream.ToArray());
    }
}
