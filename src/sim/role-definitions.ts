// The built-in Azure RBAC roles the fixture can assign, with their real GUIDs and (abridged but
// faithful) permissions, from https://learn.microsoft.com/azure/role-based-access-control/built-in-roles.
// What matters for the bot is which of them cover Microsoft.Compute/virtualMachines/extensions/write:
// Owner and Contributor (`*`), Virtual Machine Contributor (`Microsoft.Compute/virtualMachines/*`), not Reader.

export interface BuiltInRole {
  name: string;
  roleName: BuiltInRoleName;
  description: string;
  actions: string[];
  notActions: string[];
}

export const builtInRoleNames = ["Owner", "Contributor", "Reader", "Virtual Machine Contributor"] as const;
export type BuiltInRoleName = (typeof builtInRoleNames)[number];

export const builtInRoles: readonly BuiltInRole[] = [
  {
    name: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    roleName: "Owner",
    description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
    actions: ["*"],
    notActions: [],
  },
  {
    name: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    roleName: "Contributor",
    description: "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
    actions: ["*"],
    notActions: [
      "Microsoft.Authorization/*/Delete",
      "Microsoft.Authorization/*/Write",
      "Microsoft.Authorization/elevateAccess/Action",
      "Microsoft.Blueprint/blueprintAssignments/write",
      "Microsoft.Blueprint/blueprintAssignments/delete",
      "Microsoft.Compute/galleries/share/action",
      "Microsoft.Purview/consents/write",
      "Microsoft.Purview/consents/delete",
    ],
  },
  {
    name: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    roleName: "Reader",
    description: "View all resources, but does not allow you to make any changes.",
    actions: ["*/read"],
    notActions: [],
  },
  {
    name: "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
    roleName: "Virtual Machine Contributor",
    description: "Create and manage virtual machines, manage disks, install and run software, reset password of the root user of the virtual machine using VM extensions, and manage local user accounts using VM extensions. This role does not grant you management access to the virtual network or storage account the virtual machines are connected to.",
    actions: [
      "Microsoft.Authorization/*/read",
      "Microsoft.Compute/availabilitySets/*",
      "Microsoft.Compute/locations/*",
      "Microsoft.Compute/virtualMachines/*",
      "Microsoft.Compute/virtualMachineScaleSets/*",
      "Microsoft.Compute/cloudServices/*",
      "Microsoft.Compute/disks/write",
      "Microsoft.Compute/disks/read",
      "Microsoft.Compute/disks/delete",
      "Microsoft.DevTestLab/schedules/*",
      "Microsoft.Insights/alertRules/*",
      "Microsoft.Network/applicationGateways/backendAddressPools/join/action",
      "Microsoft.Network/loadBalancers/backendAddressPools/join/action",
      "Microsoft.Network/loadBalancers/inboundNatPools/join/action",
      "Microsoft.Network/loadBalancers/inboundNatRules/join/action",
      "Microsoft.Network/loadBalancers/probes/join/action",
      "Microsoft.Network/loadBalancers/read",
      "Microsoft.Network/locations/*",
      "Microsoft.Network/networkInterfaces/*",
      "Microsoft.Network/networkSecurityGroups/join/action",
      "Microsoft.Network/networkSecurityGroups/read",
      "Microsoft.Network/publicIPAddresses/join/action",
      "Microsoft.Network/publicIPAddresses/read",
      "Microsoft.Network/virtualNetworks/read",
      "Microsoft.Network/virtualNetworks/subnets/join/action",
      "Microsoft.ResourceHealth/availabilityStatuses/read",
      "Microsoft.Resources/deployments/*",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      "Microsoft.SerialConsole/serialPorts/connect/action",
      "Microsoft.SqlVirtualMachine/*",
      "Microsoft.Storage/storageAccounts/listKeys/action",
      "Microsoft.Storage/storageAccounts/read",
      "Microsoft.Support/*",
    ],
    notActions: [],
  },
];

export function builtInRoleByName(roleName: BuiltInRoleName): BuiltInRole {
  return builtInRoles.find((role) => role.roleName === roleName)!;
}

export function builtInRoleById(name: string): BuiltInRole | undefined {
  return builtInRoles.find((role) => role.name.toLowerCase() === name.toLowerCase());
}

/** The ID ARM gives a built-in role definition read at a subscription (or, without one, at the tenant root). */
export function roleDefinitionId(role: BuiltInRole, subscriptionId?: string): string {
  const prefix = subscriptionId ? `/subscriptions/${subscriptionId}` : "";
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${role.name}`;
}

/** GET roleDefinitions/{id} (api-version 2022-04-01). */
export function renderRoleDefinition(role: BuiltInRole, subscriptionId?: string): unknown {
  return {
    properties: {
      roleName: role.roleName,
      type: "BuiltInRole",
      description: role.description,
      assignableScopes: ["/"],
      permissions: [{ actions: role.actions, notActions: role.notActions, dataActions: [], notDataActions: [] }],
      createdOn: "2015-02-02T21:55:09.8806423Z",
      updatedOn: "2024-01-01T00:00:00.0000000Z",
      createdBy: null,
      updatedBy: null,
    },
    id: roleDefinitionId(role, subscriptionId),
    type: "Microsoft.Authorization/roleDefinitions",
    name: role.name,
  };
}
