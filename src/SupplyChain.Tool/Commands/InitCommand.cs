using System.CommandLine;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain init [PATH] [--dry-run] [--sdk-form] [--force]</c>: adopts SupplyChain.Sdk in a repository, solution
/// or project folder (see <see cref="InitWorkflow"/>; the edits are planned by <c>SupplyChain.Core.Adoption</c>).
/// </summary>
internal static class InitCommand
{
    public static Command Create(CommandContext context)
    {
        var path = new Argument<string>("path") { Description = "A repository or project folder, a solution (.sln, .slnx) or a project file.", DefaultValueFactory = _ => "." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the changes as a unified diff and edit no file of the repository (its learning restore still writes obj/)." };
        var sdkForm = new Option<bool>("--sdk-form") { Description = "Use the MSBuild project SDK form (global.json msbuild-sdks, <Sdk Name=\"SupplyChain.Sdk\" />, Directory.Solution.targets)." };
        var force = new Option<bool>("--force") { Description = "Edit even when the git working tree has uncommitted changes (or is not a git work tree)." };
        var command = new Command("init", "Adopts SupplyChain.Sdk: the SDK reference pinned to this tool's version, lock files, CI locked mode, package source mapping and pinned versions; then restores and runs the build's checks.")
        {
            path, dryRun, sdkForm, force,
        };
        command.SetAction(parse => context.Run(sink => new InitWorkflow(context, sink).Run(
            parse.GetValue(path)!, parse.GetValue(dryRun), parse.GetValue(sdkForm), parse.GetValue(force))));
        return command;
    }
}
