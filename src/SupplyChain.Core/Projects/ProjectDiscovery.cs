using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Projects;

/// <summary>
/// Finds the project files a command works on: a project file as given, the projects of a solution
/// (.sln or .slnx), or, for a folder, its solution when it has exactly one, otherwise every project below it.
/// </summary>
public static class ProjectDiscovery
{
    private static readonly string[] s_projectExtensions = { ".csproj", ".fsproj", ".vbproj" };
    private static readonly string[] s_skippedFolders = { "bin", "obj", "artifacts", "node_modules", ".git", ".vs" };
    private static readonly Regex s_slnProject = new(
        "^Project\\(\"\\{[^}]+\\}\"\\)\\s*=\\s*\"[^\"]*\"\\s*,\\s*\"(?<path>[^\"]+)\"",
        RegexOptions.Multiline | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(5));

    /// <summary>Returns the full paths of the projects, ordered, or throws SCSDK6002/SCSDK6001 for a bad path.</summary>
    public static IReadOnlyList<string> Discover(string path, string optionName)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            var solutions = Directory.GetFiles(full, "*.sln").Concat(Directory.GetFiles(full, "*.slnx")).ToArray();
            return solutions.Length == 1 ? FromSolution(solutions[0]) : FromFolder(full);
        }

        if (!File.Exists(full))
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, null, 0, path, optionName);
        }

        var extension = Path.GetExtension(full);
        if (extension.Equals(".sln", StringComparison.OrdinalIgnoreCase) || extension.Equals(".slnx", StringComparison.OrdinalIgnoreCase))
        {
            return FromSolution(full);
        }

        return new[] { full };
    }

    /// <summary>The projects a solution lists, existing ones only, ordered.</summary>
    public static IReadOnlyList<string> FromSolution(string solutionPath)
    {
        var directory = Path.GetDirectoryName(solutionPath)!;
        IEnumerable<string> relative;
        try
        {
            relative = solutionPath.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
                ? ReadSlnx(solutionPath)
                : s_slnProject.Matches(File.ReadAllText(solutionPath)).Select(m => m.Groups["path"].Value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or XmlException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, solutionPath, 0, solutionPath, ex.Message), ex);
        }

        return relative
            .Where(p => s_projectExtensions.Contains(Path.GetExtension(p), StringComparer.OrdinalIgnoreCase))
            .Select(p => Path.GetFullPath(Path.Combine(directory, p.Replace('\\', Path.DirectorySeparatorChar))))
            .Where(File.Exists)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Every project file below a folder, skipping build outputs and dependencies.</summary>
    public static IReadOnlyList<string> FromFolder(string folder)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            found.AddRange(Directory.EnumerateFiles(current).Where(f => s_projectExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)));
            foreach (var child in Directory.EnumerateDirectories(current))
            {
                if (!s_skippedFolders.Contains(Path.GetFileName(child), StringComparer.OrdinalIgnoreCase))
                {
                    pending.Push(child);
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static IEnumerable<string> ReadSlnx(string path)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(path, settings);
        var result = new List<string>();
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Project" && reader.GetAttribute("Path") is { } p)
            {
                result.Add(p);
            }
        }

        return result;
    }
}
