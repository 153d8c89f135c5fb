using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Tsunagari.Web.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the site or reaching a database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TsunagariDbContext>
{
    public TsunagariDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TsunagariDbContext>()
            .UseNpgsql("Host=localhost;Database=tsunagari_design")
            .UseSnakeCaseNamingConvention()
            .Options;
        return new TsunagariDbContext(options);
    }
}
