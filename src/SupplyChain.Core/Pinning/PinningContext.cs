using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;

namespace SupplyChain.Core.Pinning;

/// <summary>What every pinning check reads: the request, the parsed restore output and lock file, and the graphs in scope.</summary>
internal sealed class PinningContext
{
    private PinningContext(PinningRequest request, PinningReporter reporter, ProjectAssetsFile assets)
    {
        Request = request;
        Reporter = reporter;
        Assets = assets;
    }

    public PinningRequest Request { get; }

    public PinningReporter Reporter { get; }

    public ProjectAssetsFile Assets { get; }

    /// <summary>The lock file, or null when it does not exist or could not be read.</summary>
    public PackagesLockFile? LockFile { get; private set; }

    /// <summary>True when a lock file exists at the expected path (even if it could not be read).</summary>
    public bool LockFileExists { get; private set; }

    /// <summary>The project frameworks in scope.</summary>
    public IReadOnlyList<AssetsProjectFramework> Frameworks { get; private set; } = Array.Empty<AssetsProjectFramework>();

    /// <summary>The restore graphs in scope.</summary>
    public IReadOnlyList<AssetsTarget> Targets { get; private set; } = Array.Empty<AssetsTarget>();

    public MsBuildItemLocator Items { get; } = new();

    public string ProjectPath => Request.ProjectPath;

    /// <summary>Reads the inputs; reports and returns null when the assets file cannot be used.</summary>
    public static PinningContext? Create(PinningRequest request, PinningReporter reporter)
    {
        ProjectAssetsFile assets;
        try
        {
            assets = ProjectAssetsFile.Read(request.AssetsFilePath);
        }
        catch (SupplyChainException ex)
        {
            reporter.Report(ex.Diagnostic);
            return null;
        }

        var context = new PinningContext(request, reporter, assets);
        if (!context.SelectScope())
        {
            return null;
        }

        context.ReadLockFile();
        return context;
    }

    /// <summary>The project framework a graph belongs to, or null.</summary>
    public AssetsProjectFramework? FrameworkOf(AssetsTarget target)
        => Frameworks.FirstOrDefault(f => Assets.IsGraphOf(f, target.Key, target.Graph));

    /// <summary>The central transitive pins of a framework: id → range.</summary>
    public IReadOnlyDictionary<string, string> CentralTransitiveOf(AssetsProjectFramework? framework)
    {
        if (framework is not null)
        {
            foreach (var key in new[] { framework.Alias, framework.Framework.ToString(), framework.Framework.ShortFolderName })
            {
                if (Assets.CentralTransitiveDependencies.TryGetValue(key, out var map))
                {
                    return map;
                }
            }
        }

        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The version a graph in scope resolved for a package, or null.</summary>
    public string? ResolvedVersion(string id)
        => Targets.SelectMany(t => t.Libraries).FirstOrDefault(l => l.IsPackage && string.Equals(l.Id, id, StringComparison.OrdinalIgnoreCase))?.Version;

    /// <summary>The file findings about the lock file or, without one, the assets file are reported against.</summary>
    public string PinSourceFile => LockFile?.Path ?? Assets.Path;

    private bool SelectScope()
    {
        if (Request.TargetFramework is not { Length: > 0 } targetFramework)
        {
            Frameworks = Assets.Frameworks;
            Targets = Assets.Targets;
            return true;
        }

        var framework = Assets.FindFramework(targetFramework);
        if (framework is null)
        {
            Reporter.Report(DiagnosticCatalog.AssetsFile_Unsupported, Assets.Path, 0, Assets.Path, $"has no target framework '{targetFramework}', so restore did not run for it");
            return false;
        }

        Frameworks = new[] { framework };
        Targets = Assets.Targets.Where(t => Assets.IsGraphOf(framework, t.Key, t.Graph)).ToArray();
        return true;
    }

    private void ReadLockFile()
    {
        LockFileExists = File.Exists(Request.LockFilePath);
        if (!LockFileExists)
        {
            return;
        }

        try
        {
            LockFile = PackagesLockFileReader.Read(Request.LockFilePath);
        }
        catch (SupplyChainException ex)
        {
            Reporter.Report(ex.Diagnostic);
        }
    }
}
