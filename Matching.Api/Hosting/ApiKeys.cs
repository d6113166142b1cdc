using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Matching.Api.Hosting;

/// <summary>One configured API key: its id (logged), the SHA-256 of the key (never the key itself) and its scopes.</summary>
public sealed class ApiKeyOptions
{
    public string Id { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes (the <c>new-api-key</c> command prints it).</summary>
    public string Sha256 { get; set; } = "";

    public List<string> Scopes { get; set; } = [];
}

/// <summary>
/// API keys on every endpoint but health and the OpenAPI document: the X-Api-Key header, hashed and compared
/// in constant time with each configured hash; scopes <c>match</c> (matching, skills), <c>data</c> (the talent
/// pool and outcomes, when they exist) and <c>admin</c> (model details, reload, the model registry and promotion). A missing or unknown key is a
/// 401, a missing scope a 403, both problem details.
/// </summary>
public static class ApiKeys
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string Match = "match";
    public const string Data = "data";
    public const string Admin = "admin";
    public static readonly string[] AllScopes = [Match, Data, Admin];

    /// <summary>The claim holding the caller's configured key id.</summary>
    const string KeyClaim = "key";

    /// <summary>The configured id of the key the caller sent (never the key); null for a caller without one.</summary>
    public static string? KeyId(ClaimsPrincipal user) => user.FindFirstValue(KeyClaim);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new random key: 32 bytes, URL-safe base64.</summary>
    public static string NewKey() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static void AddMatchingApiKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Match, policy => policy.RequireClaim("scope", Match))
            .AddPolicy(Data, policy => policy.RequireClaim("scope", Data))
            .AddPolicy(Admin, policy => policy.RequireClaim("scope", Admin));
    }

    sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<MatchingOptions> settings)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var sent = Request.Headers[Header].ToString();
            if (sent.Length == 0)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sent));
            ApiKeyOptions? found = null;
            foreach (var key in settings.CurrentValue.ApiKeys)
            {
                // Every configured hash is compared, in constant time, so timing says nothing about which is close.
                if (key.Sha256.Length == 64 && CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(key.Sha256)) && found is null)
                {
                    found = key;
                }
            }

            if (found is null)
            {
                return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
            }

            var claims = new List<Claim> { new(KeyClaim, found.Id) };
            claims.AddRange(found.Scopes.Select(s => new Claim("scope", s)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeys.Scheme));
            Context.Items["ApiKeyId"] = found.Id;
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeys.Scheme)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
            Problem(StatusCodes.Status401Unauthorized, "An API key is required.", $"Send a valid key in the {Header} header.");

        protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
            Problem(StatusCodes.Status403Forbidden, "This API key may not do that.", "The key lacks the scope this operation needs (match, data or admin).");

        Task Problem(int status, string title, string detail)
        {
            Response.StatusCode = status;
            return Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails = { Status = status, Title = title, Detail = detail },
            }).AsTask();
        }
    }
}
