using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>
/// Demo opportunities for the fictional 緑ヶ丘市 (only with <c>Database:SeedDemoData</c>, after the core demo data):
/// a weekly 送迎, a 見守り round and a salon kitchen, with shifts over the next weeks, and a profile for the demo volunteer.
/// </summary>
public sealed class VolunteeringDemoData(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TsunagariDbContext>();
        if (await db.Set<Opportunity>().AnyAsync(cancellationToken))
        {
            return;
        }

        var areas = await db.Areas.Where(a => a.Code.StartsWith("demo-")).ToDictionaryAsync(a => a.Code, a => a.Id, cancellationToken);
        if (!areas.TryGetValue("demo-s01", out var sakuradai) || !areas.TryGetValue("demo-d1", out var north) || !areas.TryGetValue("demo-s04", out var honmachi))
        {
            return;
        }

        var today = JapanTime.Today(clock);
        List<Shift> Weekly(DayOfWeek day, int hour, int minutes, int slots, int weeks) =>
            RecurringShifts.Dates(today.AddDays(1), day, weeks)
                .Select(d => JapanTime.ToInstant(d, new TimeOnly(hour, 0)).ToUniversalTime())
                .Select(start => new Shift { StartsAt = start, EndsAt = start.AddMinutes(minutes), Slots = slots })
                .ToList();
        var now = clock.GetUtcNow();
        db.AddRange(
            new Opportunity
            {
                Title = "火曜日のサロンへの送迎", HostName = "緑ヶ丘市社会福祉協議会", AreaId = sakuradai, LocationText = "桜台集会所",
                Description = "桜台集会所のサロンまで、歩くのが難しい方を車でお送りします。\n車は社協のものを使います。運転に慣れている方を募集しています。",
                HelpsWhom = "一人での外出が難しい高齢の方", SkillIds = [2], CreatedAt = now, Shifts = Weekly(DayOfWeek.Tuesday, 9, 120, 2, 8),
            },
            new Opportunity
            {
                Title = "北部の見守り訪問", HostName = "北部圏域 生活支援コーディネーター", AreaId = north, LocationText = "北部地域包括支援センター集合",
                Description = "二人一組で、一人暮らしの方のお宅を訪ね、お話をうかがいます。\nはじめての方には、経験のある方が付き添います。",
                HelpsWhom = "一人暮らしの高齢の方", SkillIds = [4, 6], CreatedAt = now, Shifts = Weekly(DayOfWeek.Thursday, 14, 90, 4, 4),
            },
            new Opportunity
            {
                Title = "本町こども食堂の調理", HostName = "本町こども食堂", AreaId = honmachi, LocationText = "本町公民館 調理室",
                Description = "月に二回のこども食堂で、夕ごはんを一緒に作ります。",
                HelpsWhom = "地域の子どもと家族", SkillIds = [5], CreatedAt = now, Shifts = Weekly(DayOfWeek.Saturday, 15, 180, 6, 4),
            });
        var volunteer = await db.Users.SingleOrDefaultAsync(u => u.Email == "volunteer@example.jp", cancellationToken);
        if (volunteer is not null && !await db.Set<VolunteerProfile>().AnyAsync(p => p.UserId == volunteer.Id, cancellationToken))
        {
            db.Add(new VolunteerProfile { UserId = volunteer.Id, SkillIds = [2, 6], AreaIds = [north], Weekdays = 0b0011111, TimeBands = 3, UpdatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
