using Matching.Core.Model;
using Matching.Core.Skills;
using Microsoft.Extensions.Options;

namespace Matching.Api.Hosting;

/// <summary>
/// Loads the catalog and the configured model before the server accepts requests; a missing or
/// mismatched model stops the start-up with a message saying why.
/// </summary>
sealed class ModelStartup(SkillCatalog catalog, ServingModel serving, IOptions<MatchingOptions> options, ILogger<ModelStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RankingModel model;
        try
        {
            model = serving.LoadInitial(options.Value.Resolve(options.Value.ModelPath));
        }
        catch (ModelLoadException e)
        {
            // The setting, not its value: the directory may be named after a person, and the host logs this.
            throw new ModelLoadException($"The model directory {MatchingOptions.Section}:{nameof(MatchingOptions.ModelPath)} names cannot be served: {e.Message}", e);
        }

        logger.LogInformation(
            "Serving model {ModelVersion} ({Trees} trees, explanations {ExplanationMode}) with catalog {CatalogVersion} ({Concepts} concepts)",
            model.Version, model.TreeCount, model.ExplanationMode, catalog.Version, catalog.ConceptCount);
        if (model.Card.CatalogVersion is { } trained && trained != catalog.Version)
        {
            logger.LogWarning("Model {ModelVersion} was trained with catalog {TrainedCatalog}, the service has {CatalogVersion}", model.Version, trained, catalog.Version);
        }

        // The suggestion and phrase indexes (about 0.7 s) are built in the background, so the first
        // /v1/skills or description does not pay for them; a request that comes first builds them itself.
        _ = Task.Run(() =>
        {
            catalog.PrepareSuggestions();
            catalog.PrepareExtraction();
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
