// Read and VM-extension write access for extops on one monitored subscription.
targetScope = 'subscription'

param principalId string

var roles = {
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7'
  virtualMachineContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c'
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): {
  name: guid(subscription().id, principalId, role.value)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]
