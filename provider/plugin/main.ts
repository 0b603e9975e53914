/**
 * The `pulumi-resource-sae` provider plugin, started as Pulumi starts a plugin: the engine's
 * address as its argument, its port the first line it prints on stdout. It serves
 * `pulumirpc.ResourceProvider` on 127.0.0.1 (see `./server`) and sends its progress lines to the
 * engine's Log service. Nothing else goes to stdout: the engine reads the port from it.
 */
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { grpc } from "./grpcRuntime";
import { type PluginLog, SaeProviderService } from "./server";

/** Messages as large as the engine allows (large states, long schemas). */
const channelOptions = {
  "grpc.max_receive_message_length": 400 * 1024 * 1024,
  "grpc.max_send_message_length": 400 * 1024 * 1024,
};

/**
 * A log that sends each line to the engine at `engineAddress`, or to stderr if it cannot be
 * reached; each line's promise settles once it was delivered either way.
 */
function engineLog(engineAddress: string): PluginLog {
  const engine = new engrpc.EngineClient(engineAddress, grpc.credentials.createInsecure(), channelOptions);
  return (line, urn) => {
    const request = new engproto.LogRequest()
      .setSeverity(engproto.LogSeverity.INFO)
      .setMessage(line)
      .setUrn(urn ?? "")
      .setEphemeral(false);
    return new Promise<void>((resolve) =>
      engine.log(request, (error) => {
        if (error) {
          process.stderr.write(`${line}\n`);
        }
        resolve();
      }),
    );
  };
}

/**
 * Starts the plugin: `args` are its command-line arguments, the engine's address first. Resolves
 * with the port once it is printed.
 */
export async function main(args: readonly string[]): Promise<number> {
  const engineAddress = args[0];
  if (engineAddress === undefined || engineAddress === "") {
    process.stderr.write(
      "pulumi-resource-sae: fatal: missing the engine's address (the argument Pulumi starts a plugin with)\n",
    );
    process.exit(1);
  }
  // Whatever a library prints goes to stderr: stdout is the port line only.
  console.log = console.info = (...items: unknown[]) =>
    process.stderr.write(`${items.map(String).join(" ")}\n`);
  const service = new SaeProviderService(process.env, engineLog(engineAddress));
  const server = new grpc.Server(channelOptions);
  server.addService(provrpc.ResourceProviderService, service.handlers());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  process.stdout.write(`${port}\n`);
  return port;
}
