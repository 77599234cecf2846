using Arbiter.Core.Arena;

namespace Arbiter.Core.Storage;

/// <summary>
/// Everything Arbiter keeps in one database: runs and samples, arena battles and roster, the audit log and
/// run leases, labelling tasks, voter sign-in links. Both built-in stores (SQLite, PostgreSQL) implement all of it, so the CLI and the web take
/// this one port instead of discovering capabilities with casts. Code that needs only a part (the runner,
/// tests with fault-injecting wrappers) keeps taking that part.
/// </summary>
public interface IArbiterStore : IRunStore, IBattleStore, IAuditLogStore, IArenaRosterStore, IRunLeaseStore, Labelling.ILabellingStore,
    IArenaIntegrityStore, IArenaConversationStore, IVoteClaimStore, IVoterInviteStore, IWebNodeStateStore
{
}
