using Microsoft.EntityFrameworkCore;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Data;

namespace OneWindow.Oidc.Data;

/// <summary>The OIDC provider's tables (prefix oidc_). The schema comes from Migrations/{provider}/*.sql;
/// SchemaMatchesModelTests checks that this model matches it on both providers.</summary>
public sealed class OidcDbContext(DbContextOptions<OidcDbContext> options) : DbContext(options)
{
    public DbSet<OidcClient> Clients => Set<OidcClient>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<AuthorizationCode> AuthorizationCodes => Set<AuthorizationCode>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<RevokedAccessToken> RevokedAccessTokens => Set<RevokedAccessToken>();

    public bool IsPostgres => Database.IsNpgsql();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var postgres = Database.IsNpgsql();

        modelBuilder.Entity<OidcClient>(e =>
        {
            e.ToTable("Clients");
            e.Property(x => x.ClientId).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.SecretHash).HasMaxLength(200);
            e.Property(x => x.GrantTypes).HasMaxLength(200);
            e.Property(x => x.Scopes).HasMaxLength(500);
            e.Property(x => x.RedirectUris).HasMaxLength(4000);
            e.Property(x => x.PostLogoutRedirectUris).HasMaxLength(4000);
            e.Ignore(x => x.GrantTypeSet);
            e.Ignore(x => x.ScopeSet);
            e.Ignore(x => x.RedirectUriSet);
            e.Ignore(x => x.PostLogoutRedirectUriSet);
            e.HasIndex(x => x.ClientId).IsUnique();
        });

        modelBuilder.Entity<SigningKey>(e =>
        {
            e.ToTable("SigningKeys");
            e.HasKey(x => x.Kid);
            e.Property(x => x.Kid).HasMaxLength(64);
            e.Property(x => x.Algorithm).HasMaxLength(10);
        });

        modelBuilder.Entity<AuthorizationCode>(e =>
        {
            e.ToTable("AuthorizationCodes");
            e.Property(x => x.CodeHash).HasMaxLength(64);
            e.Property(x => x.ClientId).HasMaxLength(100);
            e.Property(x => x.Subject).HasMaxLength(100);
            e.Property(x => x.RedirectUri).HasMaxLength(2000);
            e.Property(x => x.CodeChallenge).HasMaxLength(128);
            e.Property(x => x.Scope).HasMaxLength(500);
            e.Property(x => x.Nonce).HasMaxLength(500);
            e.Property(x => x.PrincipalJson).HasMaxLength(4000);
            e.Property(x => x.AccessTokenId).HasMaxLength(64);
            e.HasIndex(x => x.CodeHash).IsUnique();
            // Housekeeping deletes old codes by expiry.
            e.HasIndex(x => x.ExpiresAt);
        });

        modelBuilder.Entity<RefreshToken>(e =>
        {
            e.ToTable("RefreshTokens");
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.Property(x => x.FamilyId).HasMaxLength(64);
            e.Property(x => x.ClientId).HasMaxLength(100);
            e.Property(x => x.Subject).HasMaxLength(100);
            e.Property(x => x.SessionId).HasMaxLength(200);
            e.Property(x => x.Scope).HasMaxLength(2000);
            e.Property(x => x.PrincipalJson).HasMaxLength(4000);
            e.Property(x => x.RevokedReason).HasMaxLength(50);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.FamilyId);
            // Revoking a disabled client's tokens; housekeeping by expiry.
            e.HasIndex(x => x.ClientId);
            e.HasIndex(x => x.ExpiresAt);
        });

        modelBuilder.Entity<RevokedAccessToken>(e =>
        {
            e.ToTable("RevokedAccessTokens");
            e.HasKey(x => x.Jti);
            e.Property(x => x.Jti).HasMaxLength(64);
            e.Property(x => x.ClientId).HasMaxLength(100);
            e.HasIndex(x => x.ExpiresAt);
        });

        if (!postgres)
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "oidc_");
    }
}
