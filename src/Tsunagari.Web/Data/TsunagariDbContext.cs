using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Infrastructure.Auth;
using Tsunagari.Web.Infrastructure.Email;

namespace Tsunagari.Web.Data;

/// <summary>
/// The one database context. Identity's user tables are included; roles are not Identity roles but
/// <see cref="RoleGrant"/>s on an area node.
/// </summary>
/// <remarks>
/// Add a migration from the repository root with:
/// <c>dotnet ef migrations add NAME --project src/Tsunagari.Web --output-dir Data/Migrations</c>
/// (the design-time factory supplies a connection string; no database is needed to add one).
/// </remarks>
public sealed class TsunagariDbContext(DbContextOptions<TsunagariDbContext> options)
    : IdentityUserContext<AppUser, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>Data-protection keys live in the database so cookies and signed links work on every app instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Area> Areas => Set<Area>();

    public DbSet<RoleGrant> RoleGrants => Set<RoleGrant>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TsunagariDbContext).Assembly);
    }
}
