// Extension image versions per region/publisher/type (azure-api.md §4): listVersions and listTypes
// answer a BARE JSON array, not {value}; each version's name is the version string and its id uses
// the capitalised segments ARM returns.
import { ArmError } from "../arm-error.js";
import type { ExtensionImageData } from "../fixture-schema.js";
import type { HandlerContext, Route } from "../route.js";
import { queryParam } from "../sim-request.js";

const base = "/subscriptions/{sub}/providers/Microsoft.Compute/locations/{location}/publishers/{publisher}/artifacttypes/vmextension/types";

interface ImageParams {
  sub: string;
  location: string;
  publisher: string;
  type?: string;
  version?: string;
}

function imageId(p: ImageParams, location: string, publisher: string): string {
  return `/Subscriptions/${p.sub}/Providers/Microsoft.Compute/Locations/${location}/Publishers/${publisher}/ArtifactTypes/VMExtension/Types`;
}

function imagesFor(context: HandlerContext): { params: ImageParams; images: ExtensionImageData[] } {
  const params = context.params as unknown as ImageParams;
  context.state.subscription(params.sub);
  const images = context.state.data.extensionImages.filter(
    (i) => i.location.toLowerCase() === params.location.toLowerCase() && i.publisher.toLowerCase() === params.publisher.toLowerCase(),
  );
  return { params, images };
}

// Assumption (the real code is unconfirmed): an unknown publisher/type answers 404 like this.
function artifactNotFound(): ArmError {
  return new ArmError(404, "NotFound", "Artifact: VMExtension was not found.");
}

function findImage(context: HandlerContext) {
  const { params, images } = imagesFor(context);
  const image = images.find((i) => i.type.toLowerCase() === params.type!.toLowerCase());
  if (!image) throw artifactNotFound();
  return { params, image };
}

function versionJson(p: ImageParams, image: ExtensionImageData, version: string) {
  return {
    location: image.location,
    name: version,
    id: `${imageId(p, image.location, image.publisher)}/${image.type}/Versions/${version}`,
  };
}

export const extensionImageRoutes: Route[] = [
  {
    method: "GET",
    pattern: `${base}/{type}/versions`,
    name: "virtualMachineExtensionImages.listVersions",
    kind: "read",
    api: "arm",
    handle(context) {
      const { params, image } = findImage(context);
      const top = queryParam(context.request, "$top");
      const limit = top === undefined ? image.versions.length : Number(top);
      if (!Number.isInteger(limit) || limit < 0) throw new ArmError(400, "InvalidParameter", `The value '${top}' of parameter '$top' is invalid.`, "$top");
      return { status: 200, body: image.versions.slice(0, limit).map((v) => versionJson(params, image, v)) };
    },
  },
  {
    method: "GET",
    pattern: `${base}/{type}/versions/{version}`,
    name: "virtualMachineExtensionImages.get",
    kind: "read",
    api: "arm",
    handle(context) {
      const { params, image } = findImage(context);
      const version = image.versions.find((v) => v === params.version);
      if (!version) throw artifactNotFound();
      return {
        status: 200,
        body: {
          ...versionJson(params, image, version),
          properties: { operatingSystem: /windows/i.test(image.type) ? "Windows" : "Linux", computeRole: "IaaS", handlerSchema: "", vmScaleSetEnabled: true, supportsMultipleExtensions: false },
        },
      };
    },
  },
  {
    method: "GET",
    pattern: base,
    name: "virtualMachineExtensionImages.listTypes",
    kind: "read",
    api: "arm",
    handle(context) {
      const { params, images } = imagesFor(context);
      if (images.length === 0) throw artifactNotFound();
      return {
        status: 200,
        body: images.map((image) => ({ location: image.location, name: image.type, id: `${imageId(params, image.location, image.publisher)}/${image.type}` })),
      };
    },
  },
];
