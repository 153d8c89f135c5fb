namespace Tsunagari.Web.Infrastructure.Auth;

/// <summary>The roles of product.md. Staff roles are granted on an area node and cover its subtree.</summary>
public static class Roles
{
    /// <summary>住民 — every signed-up person; needs no grant.</summary>
    public const string Resident = "Resident";

    /// <summary>ボランティア / 担い手.</summary>
    public const string Volunteer = "Volunteer";

    /// <summary>居場所・サロンの運営者 / 世話人.</summary>
    public const string Organizer = "Organizer";

    /// <summary>生活支援コーディネーター (第1層 on a municipality, 第2層 on a 日常生活圏域).</summary>
    public const string Coordinator = "Coordinator";

    /// <summary>協議体 member.</summary>
    public const string CouncilMember = "CouncilMember";

    /// <summary>市町村 (or 都道府県) staff.</summary>
    public const string Admin = "Admin";

    public static readonly string[] All = [Resident, Volunteer, Organizer, Coordinator, CouncilMember, Admin];

    /// <summary>Roles that open <c>/staff</c> or <c>/council</c> and must name an area.</summary>
    public static readonly string[] Staff = [Organizer, Coordinator, CouncilMember, Admin];

    public static bool IsAreaScoped(string role) => Staff.Contains(role);
}

/// <summary>What a role may do. Checks ask "may this user do <see cref="Permission"/> in area A?".</summary>
public enum Permission
{
    /// <summary>Keep own listings and salon schedules (organizers).</summary>
    ManageOwnListings,

    /// <summary>Approve, reject and edit listings of others.</summary>
    ModerateListings,

    /// <summary>Read raw 支え合いマップ submissions and turn them into 地域課題.</summary>
    ProcessSubmissions,

    /// <summary>Run town meetings and volunteer opportunities.</summary>
    RunActivities,

    /// <summary>The coordinator dashboard.</summary>
    ViewCoordinatorDashboard,

    /// <summary>The 協議体 dashboard: aggregates only.</summary>
    ViewCouncilDashboard,

    /// <summary>Import and edit the area tree.</summary>
    ManageAreas,

    /// <summary>Grant and revoke roles.</summary>
    ManageRoles,
}

public static class RolePermissions
{
    private static readonly Dictionary<string, Permission[]> Map = new(StringComparer.Ordinal)
    {
        [Roles.Organizer] = [Permission.ManageOwnListings],
        [Roles.Coordinator] =
        [
            Permission.ManageOwnListings, Permission.ModerateListings, Permission.ProcessSubmissions,
            Permission.RunActivities, Permission.ViewCoordinatorDashboard, Permission.ViewCouncilDashboard,
        ],
        [Roles.CouncilMember] = [Permission.ViewCouncilDashboard],
        [Roles.Admin] = Enum.GetValues<Permission>(),
    };

    public static bool Allows(string role, Permission permission) =>
        Map.TryGetValue(role, out var permissions) && permissions.Contains(permission);

    public static IEnumerable<string> RolesAllowing(Permission permission) =>
        Map.Where(kv => kv.Value.Contains(permission)).Select(kv => kv.Key);
}
