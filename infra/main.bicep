// extops on Azure: App Service (Linux, Node 24) running the bot, an Azure Bot registration with the
// Teams channel, a user-assigned managed identity that DefaultAzureCredential uses (AZURE_CLIENT_ID),
// its role assignments, and a Storage account whose Table holds the scale-out store.
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p @infra/main.parameters.json
targetScope = 'resourceGroup'

@description('Short name used to derive resource names (letters and digits, 3-11 characters).')
@minLength(3)
@maxLength(11)
param namePrefix string = 'extops'

param location string = resourceGroup().location

@description('Entra app registration of the bot (MicrosoftAppId).')
param microsoftAppId string

@description('Client secret of that app registration (MicrosoftAppPassword). Stored only as an App Service setting.')
@secure()
param microsoftAppPassword string

@description('Tenant of the app registration (single-tenant bot).')
param microsoftAppTenantId string = subscription().tenantId

@description('Subscriptions whose VMs extops watches and, after approval, changes.')
param monitoredSubscriptionIds array

@description('Resource IDs of the Log Analytics workspaces the agents report to (Log Analytics Reader is granted on each).')
param workspaceResourceIds array = []

@description('App Service plan SKU (B1 is enough for one team; use P1v3 for several instances).')
param appServicePlanSku string = 'B1'

var suffix = uniqueString(resourceGroup().id)
var siteName = '${namePrefix}-${suffix}'
var storageName = toLower('${namePrefix}${suffix}')
var tableName = 'extops'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take(storageName, 24)
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false // the bot authenticates with its managed identity, never a key
    supportsHttpsTrafficOnly: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource table 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: tableName
}

// Storage Table Data Contributor: the approval, audit and schedule state lives in the table.
resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, 'table-data-contributor')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${namePrefix}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServicePlanSku }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      appCommandLine: 'npm start'
      healthCheckPath: '/healthz'
      alwaysOn: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'MicrosoftAppId', value: microsoftAppId }
        { name: 'MicrosoftAppPassword', value: microsoftAppPassword }
        { name: 'MicrosoftAppType', value: 'SingleTenant' }
        { name: 'MicrosoftAppTenantId', value: microsoftAppTenantId }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'EXTOPS_SUBSCRIPTION_IDS', value: join(monitoredSubscriptionIds, ',') }
        { name: 'EXTOPS_STORE', value: 'table' }
        { name: 'EXTOPS_TABLE_ENDPOINT', value: storage.properties.primaryEndpoints.table }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
        { name: 'WEBSITE_NODE_DEFAULT_VERSION', value: '~24' }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${namePrefix}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'extops'
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppId: microsoftAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: microsoftAppTenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

// Reader (status, drift, troubleshoot) and Virtual Machine Contributor (approved upgrades,
// Run Command) on every monitored subscription.
module subscriptionRoles 'roles-subscription.bicep' = [for subscriptionId in monitoredSubscriptionIds: {
  name: 'extops-roles-${uniqueString(subscriptionId)}'
  scope: subscription(subscriptionId)
  params: { principalId: identity.properties.principalId }
}]

// Log Analytics Reader on each workspace, for the Heartbeat queries.
module workspaceRoles 'roles-workspace.bicep' = [for workspaceId in workspaceResourceIds: {
  name: 'extops-law-${uniqueString(workspaceId)}'
  scope: resourceGroup(split(workspaceId, '/')[2], split(workspaceId, '/')[4])
  params: {
    principalId: identity.properties.principalId
    workspaceName: last(split(workspaceId, '/'))
  }
}]

output botEndpoint string = 'https://${site.properties.defaultHostName}/api/messages'
output publicHostname string = site.properties.defaultHostName
output managedIdentityClientId string = identity.properties.clientId
output tableEndpoint string = storage.properties.primaryEndpoints.table
