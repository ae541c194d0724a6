// Every route the simulator serves, most specific first (the "{...}" catch-alls come last).
import { authorizationRoutes } from "./handlers/authorization.js";
import { extensionImageRoutes } from "./handlers/extension-images.js";
import { logsQueryRoutes } from "./handlers/logs-query.js";
import { monitorRoutes } from "./handlers/monitor.js";
import { operationRoutes } from "./handlers/operations.js";
import { scaleSetWriteRoutes } from "./handlers/scale-set-writes.js";
import { vmActionRoutes } from "./handlers/vm-actions.js";
import { vmExtensionWriteRoutes } from "./handlers/vm-extension-writes.js";
import { resourceGraphRoutes } from "./handlers/resource-graph.js";
import { scaleSetVmRoutes } from "./handlers/scale-set-vms.js";
import { scaleSetRoutes } from "./handlers/scale-sets.js";
import { virtualMachineRoutes } from "./handlers/virtual-machines.js";
import { vmExtensionReadRoutes } from "./handlers/vm-extensions.js";
import { compileRoute, type CompiledRoute } from "./route.js";

export const routes: CompiledRoute[] = [
  ...virtualMachineRoutes,
  ...vmExtensionReadRoutes,
  ...extensionImageRoutes,
  ...scaleSetRoutes,
  ...scaleSetVmRoutes,
  ...vmExtensionWriteRoutes,
  ...scaleSetWriteRoutes,
  ...vmActionRoutes,
  ...operationRoutes,
  ...resourceGraphRoutes,
  ...logsQueryRoutes,
  ...monitorRoutes,
  ...authorizationRoutes,
].map(compileRoute);
