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
        foreach (var subcommand in TufRepositoryCommands.Create(context))
        {
            command.Subcommands.Add(subcommand);
        }

        command.Subcommands.Add(TufVerifyCommand.Create(context));

        return command;
    }
}
