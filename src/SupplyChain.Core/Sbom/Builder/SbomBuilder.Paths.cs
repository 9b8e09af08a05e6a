using System;
using System.IO;

namespace SupplyChain.Core.Sbom.Builder;

// Paths of projects as the document names them: full, compared, and relative to the base directory.
public static partial class SbomBuilder
{
    private sealed partial class SbomBuildContext
    {
        private string? ProjectFullPath(GraphNode project)
        {
            var path = project.Library?.Path;
            return string.IsNullOrWhiteSpace(path) ? null : FullPath(path, _projectDirectory);
        }

        private static string FullPath(string path, string relativeTo)
        {
            var normalized = Path.DirectorySeparatorChar == '/' ? path.Replace('\\', '/') : path;
            return Path.GetFullPath(Path.IsPathRooted(normalized) ? normalized : Path.Combine(relativeTo, normalized));
        }

        private static bool PathEquals(string? left, string? right)
            => left is not null && right is not null
                && string.Equals(left, right, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

        private string RelativeToBase(string fullPath)
        {
            var relative = Path.GetRelativePath(_baseDirectory, fullPath);
            return Path.IsPathRooted(relative) ? Path.GetFileName(fullPath) : relative;
        }
    }
}
