using System.CommandLine;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain tuf</c>: TUF repository ceremonies (<c>init</c>, <c>add</c>, <c>publish</c>, <c>rotate</c>,
/// <c>status</c>) and the client (<c>verify</c>).
/// </summary>
internal static class TufCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("tuf", "TUF repositories: create, add targets, publish, rotate keys, show status; verify as a client.");
        command.Subcommands.Add(TufInitCommand.Create(context));
        command.Subcommands.Add(TufAddCommand.Create(context));
        command.Subcommands.Add(TufPublishCommand.Create(context));
        command.Subcommands.Add(TufRotateCommand.Create(context));
        command.Subcommands.Add(TufStatusCommand.Create(context));
        command.Subcommands.Add(TufVerifyCommand.Create(context));

        return command;
    }
}
