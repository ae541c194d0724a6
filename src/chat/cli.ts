// `npm run chat -- "status vm-web-01"`: talk to the bot from a terminal, the way Teams would.
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { ConfigError, readConfig } from "../config.js";
import { loadFixture } from "../sim/index.js";
import { startCaptureConnector } from "./capture-connector.js";
import { chatUsage, ChatUsageError, parseChatArgs, type ChatOptions } from "./parse-chat-args.js";
import { replyToText } from "./reply-to-text.js";
import { sendChatMessage, type ChatTarget } from "./send-chat-message.js";
import { startEmbeddedBot, type EmbeddedBot } from "./start-embedded-bot.js";

function explainFailure(url: string, status: number, body: string): string {
  if (status === 401)
    return `The bot at ${url} requires a Bot Framework token (it runs with MicrosoftAppId). The chat CLI talks to bots in local mode only: start it without MicrosoftAppId, or leave out --url.`;
  return `The bot at ${url} answered HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ""}`;
}

async function startEmbedded(env: NodeJS.ProcessEnv): Promise<EmbeddedBot> {
  const config = readConfig(env);
  if (config.fleet.mode === "azure") {
    console.error("note: EXTOPS_SUBSCRIPTION_IDS is set, but the embedded bot runs on the simulator. For Azure, run `npm start` and pass --url.");
    return startEmbeddedBot();
  }
  const fixture = config.fleet.fixturePath ? loadFixture(config.fleet.fixturePath) : undefined;
  return startEmbeddedBot({ simulatorOptions: { latencyMs: config.fleet.latencyMs, ...(fixture && { fixture }) } });
}

/** Sends one command and prints what came back; false when it failed. */
async function converse(target: ChatTarget, command: string, options: ChatOptions): Promise<boolean> {
  let exchange;
  try {
    exchange = await sendChatMessage(target, command, { scope: options.scope, locale: options.locale, ...(options.user && { user: options.user }) });
  } catch (error) {
    // fetch() rejects with "fetch failed" and the socket error as its cause (undici).
    if (!(error instanceof TypeError)) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    console.error(
      `Cannot reach a bot at ${target.messagesUrl} (${cause?.code ?? cause?.message ?? error.message}): start one with \`npm start\`, or leave out --url for an embedded bot.`,
    );
    return false;
  }
  if (exchange.status !== 200) {
    console.error(explainFailure(target.messagesUrl, exchange.status, exchange.body));
    return false;
  }
  if (exchange.replies.length === 0) console.log("(no reply)");
  for (const reply of exchange.replies) console.log(options.json ? JSON.stringify(reply, null, 2) : `${replyToText(reply)}\n`);
  return true;
}

async function* commandsFromStdin(): AsyncGenerator<string> {
  const interactive = process.stdin.isTTY;
  const lines = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, prompt: "extops> " });
  if (interactive) lines.prompt();
  for await (const line of lines) {
    const command = line.trim();
    if (command === "exit" || command === "quit") break;
    if (command !== "") yield command;
    if (interactive) lines.prompt();
  }
  lines.close();
}

async function main(): Promise<number> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const options = parseChatArgs(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(chatUsage);
    return 0;
  }
  const connector = await startCaptureConnector();
  let embedded: EmbeddedBot | undefined;
  try {
    if (!options.messagesUrl) embedded = await startEmbedded(process.env);
    const target: ChatTarget = { messagesUrl: options.messagesUrl ?? embedded!.messagesUrl, connector };
    let ok = true;
    const commands = options.commands.length > 0 ? options.commands : commandsFromStdin();
    for await (const command of commands) ok = (await converse(target, command, options)) && ok;
    return ok ? 0 : 1;
  } finally {
    await connector.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ChatUsageError) console.error(`${error.message}\n\n${chatUsage}`);
    else if (error instanceof ConfigError || (error instanceof Error && error.name === "FixtureError")) console.error(error.message);
    else console.error(error);
    process.exit(2);
  },
);
