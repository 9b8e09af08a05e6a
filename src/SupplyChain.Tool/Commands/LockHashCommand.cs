using System.CommandLine;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain lock hash FILE...</c>: prints NuGet's content hash of each .nupkg (the value a lock file pins; for a
/// signed package, over the package without its signature), e.g. to pin SupplyChainSdkContentHash.
/// </summary>
internal static class LockHashCommand
{
    public static Command Create(CommandContext context)
    {
        var files = new Argument<string[]>("packages") { Description = "The .nupkg files.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("hash", "Prints NuGet's content hash of each package (base64 SHA-512; signed packages without their signature).") { files };
        command.SetAction(parse => context.Run(sink => Run(parse.GetValue(files)!, sink, context)));
        return command;
    }

    internal static ExitCode Run(string[] files, ConsoleDiagnosticSink sink, CommandContext context)
    {
        foreach (var file in files)
        {
            if (!System.IO.File.Exists(file))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, null, 0, file, "supplychain lock hash");
            }

            PackageHashes hashes;
            try
            {
                hashes = PackageDigestCache.ComputeShared(file);
            }
            catch (SupplyChainException ex) when (ex.Diagnostic.Code == DiagnosticCatalog.Package_Unreadable.Code)
            {
                // Here the file is the user's argument, not a package in the packages folder: no folder to delete.
                throw SupplyChainException.Create(DiagnosticCatalog.Package_NotANuGetPackage, file, 0, file, "it is not a well-formed zip archive");
            }

            if (!hashes.HasRootNuspec)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Package_NotANuGetPackage, file, 0, file, "it is a zip archive without a .nuspec manifest at its root");
            }

            context.Out.WriteLine($"{hashes.ContentHash}  {file}{(hashes.IsSigned ? "  (signed)" : string.Empty)}");
        }

        return sink.ErrorCount == 0 ? ExitCode.Success : ExitCode.UsageOrInput;
    }
}
