using System.CommandLine;
using System.IO;
using System.Linq;
using SupplyChain.Core.Policy;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain policy test CASES_FOLDER [--policy F]</c>: runs the policy against each case (a package description
/// with its expected verdict); exit 1 when a case fails. The policy defaults to the nearest supplychain-policy.json
/// at or above the folder.
/// </summary>
internal static class PolicyTestCommand
{
    public static Command Create(CommandContext context)
    {
        var cases = new Argument<string>("cases") { Description = "A folder of case files (*.json)." };
        var policy = PolicyCommand.PolicyOption();
        var command = new Command("test", "Runs a policy against a folder of cases with expected verdicts, as a test suite.") { cases, policy };
        command.SetAction(parse => context.Run(sink =>
        {
            var folder = Path.GetFullPath(parse.GetValue(cases)!);
            var results = PolicyTestRunner.Run(PolicyCommand.PolicyPath(parse.GetValue(policy), folder), folder, sink);
            foreach (var result in results)
            {
                context.Out.WriteLine($"{(result.Passed ? "PASS" : "FAIL")} {Path.GetFileName(result.Case)}: expected {PolicyTestRunner.Text(result.Expected)}, got {PolicyTestRunner.Text(result.Evaluation.Verdict)}");
            }

            context.Out.WriteLine($"{results.Count(r => r.Passed)} of {results.Count} case(s) passed.");
            return sink.ErrorCount == 0 ? ExitCode.Success : sink.HasInputErrors ? ExitCode.UsageOrInput : ExitCode.VerificationFailed;
        }));
        return command;
    }
}
