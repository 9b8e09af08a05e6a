using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Repository;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// The repository verbs of <c>supplychain tuf</c>: <c>init</c>, <c>add</c>, <c>publish</c>, <c>rotate</c> and
/// <c>status</c>, over <see cref="RepositoryEditor"/>. Keys are private-key sources (a PEM file or <c>env:NAME</c>),
/// with one optional password variable for all of them; public keys are derived from them.
/// </summary>
internal static class TufRepositoryCommands
{
    /// <summary>
    /// Test seam: after that many writes of an operation the command prints a line to stderr and waits to be killed,
    /// so a test can SIGKILL it at a known point.
    /// </summary>
    internal const string PauseAfterWriteVariable = "SUPPLYCHAIN_TUF_TEST_PAUSE_AFTER_WRITE";

    public static IEnumerable<Command> Create(CommandContext context)
    {
        yield return Init(context);
        yield return Add(context);
        yield return Publish(context);
        yield return Rotate(context);
        yield return Status(context);
    }

    private static Option<string[]> KeysOption(string name, string description, bool required = false)
        => new(name) { Description = description, Required = required, Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };

    private static Command Init(CommandContext context)
    {
        var directory = new Argument<string>("directory") { Description = "The repository folder to create (it must not hold metadata yet)." };
        var rootKeys = KeysOption("--root-key", "A root private key (PEM file or env:NAME); repeat for several.", required: true);
        var threshold = new Option<int>("--threshold") { Description = "How many root keys must sign a root.", DefaultValueFactory = _ => 1 };
        var targetsKeys = KeysOption("--targets-key", "The targets private key.", required: true);
        var snapshotKeys = KeysOption("--snapshot-key", "The snapshot private key.", required: true);
        var timestampKeys = KeysOption("--timestamp-key", "The timestamp private key.", required: true);
        var bins = new Option<int>("--bins") { Description = $"Succinct hashed bins: their number, a power of two from 2 to {RepositoryEditor.MaxBins}. Builds then sign with the bins key and the targets key stays offline." };
        var binsKeys = KeysOption("--bins-key", "The private key of the hashed bins.");
        var common = new CommonOptions("Expiry period of a kind of role in days, ROLE=DAYS (root, targets, bins, snapshot, timestamp); init stores them in the repository as the periods every later signing uses.", RepositorySettings.ExpiryRoles.ToArray());
        var command = new Command("init", "Creates a TUF repository: root, targets, snapshot and timestamp (and hashed bins), with consistent snapshots.")
        {
            directory, rootKeys, threshold, targetsKeys, snapshotKeys, timestampKeys, bins, binsKeys,
        };
        common.AddTo(command);
        command.SetAction(parse => context.Run(sink =>
        {
            using var keys = new KeySet(common.PasswordEnv(parse), sink);
            var result = RepositoryEditor.Initialize(parse.GetValue(directory)!, new RepositoryInitRequest
            {
                RootKeys = keys.Load(parse.GetValue(rootKeys)),
                RootThreshold = parse.GetValue(threshold),
                TargetsKeys = keys.Load(parse.GetValue(targetsKeys)),
                SnapshotKeys = keys.Load(parse.GetValue(snapshotKeys)),
                TimestampKeys = keys.Load(parse.GetValue(timestampKeys)),
                Bins = parse.GetValue(bins),
                BinsKeys = keys.Load(parse.GetValue(binsKeys)),
                Expiry = parse.GetValue(common.Expires),
            }, common.Options(parse, sink, context));
            context.Out.WriteLine($"Created the TUF repository '{result.Directory}'.");
            foreach (var (role, ids) in result.KeyIds)
            {
                context.Out.WriteLine($"  {role,-9} {string.Join(", ", ids)}");
            }

            if (result.Bins > 0)
            {
                context.Out.WriteLine($"  {result.Bins.ToString(CultureInfo.InvariantCulture)} hashed bins '{result.BinNamePrefix}-*'; the snapshot is {result.SnapshotLength.ToString("N0", CultureInfo.InvariantCulture)} bytes.");
            }

            context.Out.WriteLine($"Clients trust '{result.RootPath}'.");
            return ExitCode.Success;
        }));
        return command;
    }

    private static Command Add(CommandContext context)
    {
        var directory = new Argument<string>("directory") { Description = "The repository folder." };
        var files = new Argument<string[]>("files")
        {
            Description = "Files or folders to add. A .nupkg goes to its NuGet flat-container path, with the files named after it (its SBOM, attestations) beside it; a folder adds every file below it at its relative path.",
            Arity = ArgumentArity.OneOrMore,
        };
        var keys = KeysOption("--key", "A private key of the role that lists targets: the targets key, or the bins key of a repository with hashed bins.", required: true);
        var path = new Option<string?>("--path") { Description = "The target path of a single file; ending in '/', the folder the files (or folders) go to." };
        var snapshotKeys = KeysOption("--snapshot-key", "Also publish: the snapshot private key.");
        var timestampKeys = KeysOption("--timestamp-key", "Also publish: the timestamp private key.");
        var skipDuplicate = new Option<bool>("--skip-duplicate") { Description = "A package version the repository lists with other bytes keeps its published release (a warning) instead of failing, as 'dotnet nuget push --skip-duplicate'." };
        var replace = new Option<bool>("--replace") { Description = "Replace a package version the repository lists with other bytes (a warning names both hashes). Published versions are immutable without it." };
        var common = new CommonOptions("Expiry period in days of the roles this command signs, ROLE=DAYS: targets or bins (the role that lists the targets), and snapshot and timestamp with the publishing keys. For this run only; the repository's settings stay.", TufRoles.Targets, RepositorySettings.DelegatedRoles, TufRoles.Snapshot, TufRoles.Timestamp);
        var command = new Command("add", "Adds targets and signs the roles that list them; with the snapshot and timestamp keys, also publishes. A package version already published with other bytes is refused unless --skip-duplicate or --replace.")
        {
            directory, files, keys, path, snapshotKeys, timestampKeys, skipDuplicate, replace,
        };
        common.AddTo(command);
        command.SetAction(parse => context.Run(sink =>
        {
            if (parse.GetValue(skipDuplicate) && parse.GetValue(replace))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--replace", "true", "--skip-duplicate keeps a published release and --replace replaces it; give one of them");
            }

            var policy = parse.GetValue(replace) ? ExistingReleasePolicy.Replace : parse.GetValue(skipDuplicate) ? ExistingReleasePolicy.SkipDuplicate : ExistingReleasePolicy.Refuse;
            var requests = BuildRequests(parse.GetValue(files)!, parse.GetValue(path));
            using var keySet = new KeySet(common.PasswordEnv(parse), sink);
            var signers = keySet.Load(parse.GetValue(keys));
            var snapshotSigners = keySet.Load(parse.GetValue(snapshotKeys));
            var timestampSigners = keySet.Load(parse.GetValue(timestampKeys));
            using var editor = RepositoryEditor.Open(parse.GetValue(directory)!, common.Options(parse, sink, context));
            var result = editor.AddTargets(requests, signers, policy);
            foreach (var target in result.Targets)
            {
                var outcome = target.Outcome switch
                {
                    TargetOutcome.Skipped => "skipped",
                    TargetOutcome.Replaced => "replaced",
                    TargetOutcome.Unchanged => "unchanged",
                    _ => "added",
                };
                var listed = target.ListedSha256 is { } sha && !string.Equals(sha, target.Sha256, StringComparison.Ordinal) ? $", listed sha256 {sha}" : string.Empty;
                context.Out.WriteLine($"{outcome}: {target.TargetPath} ({target.Length.ToString(CultureInfo.InvariantCulture)} bytes, sha256 {target.Sha256}{listed}) in '{target.RoleName}'");
            }

            WriteSigned(context, result.SignedRoles);
            if ((snapshotSigners.Count > 0 || timestampSigners.Count > 0) && result.PendingRoles.Count == 0)
            {
                // Nothing signed and nothing waiting: the release clients see stays as it is.
                context.Out.WriteLine("Nothing changed; nothing to publish.");
            }
            else if (snapshotSigners.Count > 0 || timestampSigners.Count > 0)
            {
                WritePublished(context, editor.Publish(snapshotSigners, timestampSigners));
            }
            else if (result.PendingRoles.Count > 0)
            {
                context.Out.WriteLine($"{result.PendingRoles.Count.ToString(CultureInfo.InvariantCulture)} role(s) wait for 'supplychain tuf publish' (a new snapshot and timestamp) before clients see them.");
            }

            return ExitCode.Success;
        }));
        return command;
    }

    private static Command Publish(CommandContext context)
    {
        var directory = new Argument<string>("directory") { Description = "The repository folder." };
        var snapshotKeys = KeysOption("--snapshot-key", "The snapshot private key.", required: true);
        var timestampKeys = KeysOption("--timestamp-key", "The timestamp private key.", required: true);
        var common = new CommonOptions("Expiry period in days of the snapshot and timestamp this command signs, ROLE=DAYS (snapshot, timestamp). For this run only; the repository's settings stay.", TufRoles.Snapshot, TufRoles.Timestamp);
        var command = new Command("publish", "Signs a new snapshot (every role signed since the last one) and a new timestamp: the release clients see.")
        {
            directory, snapshotKeys, timestampKeys,
        };
        common.AddTo(command);
        command.SetAction(parse => context.Run(sink =>
        {
            using var keySet = new KeySet(common.PasswordEnv(parse), sink);
            var snapshotSigners = keySet.Load(parse.GetValue(snapshotKeys));
            var timestampSigners = keySet.Load(parse.GetValue(timestampKeys));
            using var editor = RepositoryEditor.Open(parse.GetValue(directory)!, common.Options(parse, sink, context));
            WritePublished(context, editor.Publish(snapshotSigners, timestampSigners));
            return ExitCode.Success;
        }));
        return command;
    }

    private static Command Rotate(CommandContext context)
    {
        var directory = new Argument<string>("directory") { Description = "The repository folder." };
        var role = new Option<string>("--role") { Description = "The role: root, targets, snapshot, timestamp, or bins (the hashed bins).", Required = true };
        var addKeys = KeysOption("--add-key", "A private key to add to the role (it also signs the role's new metadata).");
        var removeKeys = new Option<string[]>("--remove-key") { Description = "A key to remove from the role: its key id, or its public or private key file.", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        var threshold = new Option<int?>("--threshold") { Description = "The role's new threshold." };
        var keys = KeysOption("--key", "Another private key of the role that signs its new metadata: a key it keeps, or the old key (then every step of the change verifies).");
        var rootKeys = KeysOption("--root-key", "A current root private key; the new root needs a threshold of them (and of the new root keys).");
        var targetsKeys = KeysOption("--targets-key", "The targets private key (for a change of the hashed bins' keys).");
        var snapshotKeys = KeysOption("--snapshot-key", "The snapshot private key, to publish the change.");
        var timestampKeys = KeysOption("--timestamp-key", "The timestamp private key, to publish the change.");
        var common = new CommonOptions("Expiry period in days of the metadata this command signs, ROLE=DAYS (root, targets, bins, snapshot, timestamp): the role changed or renewed, and the roles re-signed with it. For this run only; the repository's settings stay.", RepositorySettings.ExpiryRoles.ToArray());
        var command = new Command("rotate", "Changes a role's keys or threshold (a new root signed by the old and the new root keys), or renews the role when nothing changes.")
        {
            directory, role, addKeys, removeKeys, threshold, keys, rootKeys, targetsKeys, snapshotKeys, timestampKeys,
        };
        common.AddTo(command);
        command.SetAction(parse => context.Run(sink =>
        {
            using var keySet = new KeySet(common.PasswordEnv(parse), sink);
            var request = new RotationRequest
            {
                Role = parse.GetValue(role)!,
                AddKeys = keySet.Load(parse.GetValue(addKeys)),
                RemoveKeyIds = (parse.GetValue(removeKeys) ?? Array.Empty<string>()).Select(keySet.KeyIdOf).ToArray(),
                Threshold = parse.GetValue(threshold),
                RoleKeys = keySet.Load(parse.GetValue(keys)),
                RootKeys = keySet.Load(parse.GetValue(rootKeys)),
                TargetsKeys = keySet.Load(parse.GetValue(targetsKeys)),
                SnapshotKeys = keySet.Load(parse.GetValue(snapshotKeys)),
                TimestampKeys = keySet.Load(parse.GetValue(timestampKeys)),
            };
            using var editor = RepositoryEditor.Open(parse.GetValue(directory)!, common.Options(parse, sink, context));
            var result = editor.Rotate(request);
            context.Out.WriteLine($"'{result.Role}' now trusts {result.KeyIds.Count.ToString(CultureInfo.InvariantCulture)} key(s), threshold {result.Threshold.ToString(CultureInfo.InvariantCulture)}: {string.Join(", ", result.KeyIds)}");
            var shown = result.Written.Where(w => !w.RoleName.StartsWith(RepositorySettings.DelegatedRoles + "-", StringComparison.Ordinal)).ToList();
            var bins = result.Written.Count - shown.Count;
            if (bins > 0)
            {
                context.Out.WriteLine($"signed: {bins.ToString(CultureInfo.InvariantCulture)} hashed bins");
            }

            WriteSigned(context, shown);
            return ExitCode.Success;
        }));
        return command;
    }

    private static Command Status(CommandContext context)
    {
        var directory = new Argument<string>("directory") { Description = "The repository folder." };
        var command = new Command("status", "Shows roles, versions, keys and thresholds, what is not published yet, and what expires when.") { directory };
        command.SetAction(parse => context.Run(sink =>
        {
            using var editor = RepositoryEditor.Open(parse.GetValue(directory)!, new RepositoryOptions { Sink = sink }, readOnly: true);
            var status = editor.GetStatus();
            var output = context.Out;
            output.WriteLine($"TUF repository '{status.Directory}'{(status.ConsistentSnapshot ? ", consistent snapshots" : string.Empty)}");
            output.WriteLine($"{"role",-10} {"version",8} {"threshold",-9}  {"expires (UTC)",-20}  keys");
            foreach (var role in status.Roles)
            {
                var state = role.IsPublished ? string.Empty : " (not published)";
                output.WriteLine($"{role.RoleName,-10} {role.Version.ToString(CultureInfo.InvariantCulture),8} {Threshold(role.Threshold, role.KeyIds.Count),-9}  {TufDateTime.Format(role.Expires),-20}  {string.Join(", ", role.KeyIds)}{state}  {Remaining(role.Expires, status.ReferenceTime)}");
            }

            if (status.Bins is { } bins)
            {
                output.WriteLine($"{"bins",-10} {bins.MinVersion.ToString(CultureInfo.InvariantCulture) + "-" + bins.MaxVersion.ToString(CultureInfo.InvariantCulture),8} {Threshold(bins.Threshold, bins.KeyIds.Count),-9}  {TufDateTime.Format(bins.FirstToExpire.Expires),-20}  {string.Join(", ", bins.KeyIds)}  {Remaining(bins.FirstToExpire.Expires, status.ReferenceTime)}");
                output.WriteLine($"  {bins.Count.ToString(CultureInfo.InvariantCulture)} succinct hashed bins '{bins.NamePrefix}-*' ({bins.BitLength.ToString(CultureInfo.InvariantCulture)} bits); the first to expire is '{bins.FirstToExpire.RoleName}'.");
            }

            output.WriteLine($"targets listed by 'targets' itself: {status.TargetCount.ToString(CultureInfo.InvariantCulture)}; snapshot: {status.SnapshotLength.ToString("N0", CultureInfo.InvariantCulture)} bytes");
            output.WriteLine("expiry periods (days): " + string.Join(", ", RepositorySettings.ExpiryRoles.Select(r => $"{r} {status.ExpiryDays[r].ToString(CultureInfo.InvariantCulture)}")));
            if (status.Pending.Count > 0)
            {
                output.WriteLine($"not published yet ({status.Pending.Count.ToString(CultureInfo.InvariantCulture)} role(s), run 'supplychain tuf publish'): {string.Join(", ", status.Pending.Take(10).Select(p => $"{p.RoleName} v{p.Version.ToString(CultureInfo.InvariantCulture)}"))}{(status.Pending.Count > 10 ? ", ..." : string.Empty)}");
            }

            foreach (var stale in editor.StaleRoles)
            {
                output.WriteLine($"'{stale}' is signed only by keys of the previous root: a key rotation was interrupted; run it again to re-sign the role.");
            }

            RepositoryEditor.ReportExpiry(status, sink);
            return ExitCode.Success;
        }));
        return command;
    }

    private static string Threshold(int threshold, int keys) => $"{threshold.ToString(CultureInfo.InvariantCulture)} of {keys.ToString(CultureInfo.InvariantCulture)}";

    private static string Remaining(DateTimeOffset expires, DateTimeOffset now)
    {
        var left = expires - now;
        if (left <= TimeSpan.Zero)
        {
            return "EXPIRED";
        }

        return left.TotalDays >= 1
            ? $"(in {Math.Floor(left.TotalDays).ToString(CultureInfo.InvariantCulture)} days)"
            : $"(in {Math.Floor(left.TotalHours).ToString(CultureInfo.InvariantCulture)} hours)";
    }

    private static void WriteSigned(CommandContext context, IEnumerable<RoleVersion> roles)
    {
        foreach (var role in roles)
        {
            context.Out.WriteLine($"signed: {role.RoleName} version {role.Version.ToString(CultureInfo.InvariantCulture)} ({Path.GetFileName(role.Path)}), expires {TufDateTime.Format(role.Expires)}");
        }
    }

    private static void WritePublished(CommandContext context, PublishResult result)
    {
        context.Out.WriteLine($"published: snapshot version {result.Snapshot.Version.ToString(CultureInfo.InvariantCulture)} ({result.SnapshotLength.ToString("N0", CultureInfo.InvariantCulture)} bytes, {result.PublishedRoles.Count.ToString(CultureInfo.InvariantCulture)} new role version(s)), timestamp version {result.Timestamp.Version.ToString(CultureInfo.InvariantCulture)}, expires {TufDateTime.Format(result.Timestamp.Expires)}");
    }

    /// <summary>The target requests of the command line's files and folders.</summary>
    internal static IReadOnlyList<TargetRequest> BuildRequests(IReadOnlyList<string> inputs, string? path)
    {
        var files = new List<(string Source, string? Relative)>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                foreach (var file in Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                {
                    files.Add((file, Path.GetRelativePath(input, file).Replace('\\', '/')));
                }
            }
            else if (File.Exists(input))
            {
                files.Add((input, null));
            }
            else
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, null, 0, input, "supplychain tuf add");
            }
        }

        var folder = path is not null && path.EndsWith('/') ? path : null;
        if (path is not null && folder is null)
        {
            if (files.Count != 1 || files[0].Relative is not null)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--path", path, "a target path names one file; end it with '/' to name the folder of several files");
            }

            return new[] { new TargetRequest(files[0].Source, path) };
        }

        var requests = new List<TargetRequest>();
        if (folder is not null)
        {
            foreach (var (source, relative) in files)
            {
                requests.Add(new TargetRequest(source, folder + (relative ?? Path.GetFileName(source))));
            }

            return requests;
        }

        // Packages at their flat-container paths, with the files named after them beside them.
        var packages = files.Where(f => f.Relative is null && f.Source.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase)).Select(f => f.Source).ToList();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            var stem = Path.GetFileNameWithoutExtension(package) + ".";
            var sidecars = files
                .Where(f => f.Relative is null && !packages.Contains(f.Source) && Path.GetFileName(f.Source).StartsWith(stem, StringComparison.OrdinalIgnoreCase))
                .Select(f => f.Source)
                .ToList();
            claimed.UnionWith(sidecars);
            requests.AddRange(PackageTargets.ForPackage(package, sidecars));
        }

        foreach (var (source, relative) in files)
        {
            if (!packages.Contains(source) && !claimed.Contains(source))
            {
                requests.Add(new TargetRequest(source, relative ?? Path.GetFileName(source)));
            }
        }

        return requests;
    }

    /// <summary>The options every writing verb shares.</summary>
    private sealed class CommonOptions
    {
        private readonly string[] _expiryRoles;

        /// <param name="expiresDescription">The help of <c>--expires</c> for this verb.</param>
        /// <param name="expiryRoles">The kinds of role whose expiry this verb can set.</param>
        public CommonOptions(string expiresDescription, params string[] expiryRoles)
        {
            _expiryRoles = expiryRoles;
            Expires = new Option<string[]>("--expires")
            {
                Description = expiresDescription,
                Arity = ArgumentArity.ZeroOrMore,
                AllowMultipleArgumentsPerToken = false,
            };
        }

        public Option<string?> PasswordEnvOption { get; } = new("--password-env") { Description = "The name of an environment variable with the password of encrypted keys." };

        public Option<string[]> Expires { get; }

        public Option<int> LockTimeout { get; } = new("--lock-timeout")
        {
            Description = "Seconds to wait for another writer of the repository.",
            DefaultValueFactory = _ => (int)RepositoryOptions.DefaultLockTimeout.TotalSeconds,
        };

        public void AddTo(Command command)
        {
            command.Options.Add(PasswordEnvOption);
            command.Options.Add(Expires);
            command.Options.Add(LockTimeout);
        }

        public string? PasswordEnv(ParseResult parse)
            => parse.GetValue(PasswordEnvOption) is { Length: > 0 } name ? KeyLoader.EnvironmentPrefix + name.Trim() : null;

        public RepositoryOptions Options(ParseResult parse, IDiagnosticSink sink, CommandContext context)
        {
            var seconds = parse.GetValue(LockTimeout);
            if (seconds < 0)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--lock-timeout", seconds.ToString(CultureInfo.InvariantCulture), "it is a number of seconds, 0 or more");
            }

            var expires = parse.GetValue(Expires);
            foreach (var item in expires ?? Array.Empty<string>())
            {
                // ROLE=DAYS itself is checked by the repository's settings; here only whether this verb signs ROLE.
                var separator = item.IndexOf('=', StringComparison.Ordinal);
                var role = (separator < 0 ? item : item[..separator]).Trim();
                if (RepositorySettings.ExpiryRoles.Contains(role, StringComparer.Ordinal) && !_expiryRoles.Contains(role, StringComparer.Ordinal))
                {
                    throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--expires", item, $"'{parse.CommandResult.Command.Name}' does not sign '{role}' metadata; it sets the expiry of {string.Join(", ", _expiryRoles)}");
                }
            }

            return new RepositoryOptions
            {
                LockTimeout = TimeSpan.FromSeconds(seconds),
                ExpiryOverrides = expires,
                Sink = sink,
                AfterWrite = PauseSeam(context),
            };
        }

        private static Action<RepositoryWrite>? PauseSeam(CommandContext context)
        {
            if (!int.TryParse(Environment.GetEnvironmentVariable(PauseAfterWriteVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var pauseAfter) || pauseAfter < 1)
            {
                return null;
            }

            return write =>
            {
                if (write.Number == pauseAfter)
                {
                    context.Error.WriteLine($"supplychain: paused after write {write.Number.ToString(CultureInfo.InvariantCulture)} ({write.Kind} {write.Path})");
                    context.Error.Flush();
                    Thread.Sleep(Timeout.Infinite);
                }
            };
        }
    }

    /// <summary>Loads private keys from their sources and disposes them at the end.</summary>
    private sealed class KeySet : IDisposable
    {
        private readonly string? _passwordSource;
        private readonly IDiagnosticSink _sink;
        private readonly List<SigningKey> _keys = new();

        public KeySet(string? passwordSource, IDiagnosticSink sink)
        {
            _passwordSource = passwordSource;
            _sink = sink;
        }

        public IReadOnlyList<ISigner> Load(string[]? sources)
        {
            var result = new List<ISigner>();
            foreach (var source in sources ?? Array.Empty<string>())
            {
                var key = KeyLoader.LoadSigningKey(source, _passwordSource, _sink);
                _keys.Add(key);
                result.Add(key);
            }

            return result;
        }

        /// <summary>A key id as given, or the key id of a public or private key source.</summary>
        public string KeyIdOf(string value)
        {
            if (value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return value;
            }

            try
            {
                return KeyLoader.LoadPublicKey(value).KeyId;
            }
            catch (SupplyChainException)
            {
                return Load(new[] { value })[0].KeyId;
            }
        }

        public void Dispose()
        {
            foreach (var key in _keys)
            {
                key.Dispose();
            }
        }
    }
}
