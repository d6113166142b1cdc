# syntax=docker/dockerfile:1
# Matching: build with the .NET SDK, run on the ASP.NET Core runtime as a non-root user.
# The model is ML.NET (NuGet packages only): serving reads its trees in managed code and needs no native library.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig Matching.sln ./
COPY Matching.Core/Matching.Core.csproj Matching.Core/
COPY Matching.Training/Matching.Training.csproj Matching.Training/
COPY Matching.Api/Matching.Api.csproj Matching.Api/
RUN dotnet restore Matching.Api/Matching.Api.csproj
COPY Matching.Core/ Matching.Core/
COPY Matching.Training/ Matching.Training/
COPY Matching.Api/ Matching.Api/
COPY models/ models/
RUN dotnet publish Matching.Api/Matching.Api.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# The OpenMP runtime LightGBM's native library (from its NuGet package) trains with, so `train` also runs in the image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Matching__ModelPath=models/default \
    Matching__CatalogPath=models/catalog/skills.json.gz
EXPOSE 8080
# The image's built-in non-root user (uid 1654).
USER $APP_UID
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["dotnet", "Matching.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "Matching.Api.dll"]
