// End-to-end check: stock cosmjs (0.32.4) sends a bank MsgSend to a symbiote node with fee "auto",
// i.e. cosmjs's own gas estimation through the `/cosmos.tx.v1beta1.Service/Simulate` ABCI query.
//
// Environment:
//   RPC        CometBFT RPC endpoint, e.g. http://127.0.0.1:26657
//   MNEMONIC   sender's BIP-39 mnemonic (cosmjs default HD path m/44'/118'/0'/0/0, prefix "sym")
//   RECIPIENT  sym1... address
//   AMOUNT     amount in usym, e.g. 12345
//   TIMEOUT_MS optional hard timeout for the whole run (default 60000)
//
// Prints exactly one line of JSON on stdout. On success (the script ran to the end) it is
// {"ok":true,...} and the exit code is 0 — `code` is the DeliverTx result code, which the caller
// must check (this script deliberately does not call assertIsDeliverTxSuccess). On any thrown
// error, missing variable or timeout it is {"ok":false,"error":...,"cause":...,"stack":...} and the exit code is 1.

import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient, coins } from "@cosmjs/stargate";

const DENOM = "usym";
const PREFIX = "sym";
const GAS_PRICE = "0.025usym";
const MEMO = "cosmjs auto fee";

// Keep stdout for our single JSON line: anything a library logs goes to stderr.
for (const level of ["log", "info", "debug", "warn"]) {
  console[level] = (...args) => console.error(...args);
}

let finished = false;
function finish(obj, exitCode) {
  if (finished) return;
  finished = true;
  const line =
    JSON.stringify(obj, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) + "\n";
  // Exit only after the line is flushed (writes to pipes/files are synchronous on Linux anyway).
  process.stdout.write(line, () => process.exit(exitCode));
}

function fail(err) {
  finish(
    {
      ok: false,
      error: String(err),
      // e.g. "fetch failed" hides the real reason (ECONNREFUSED, ...) in err.cause
      cause: err && err.cause ? String(err.cause) : undefined,
      stack: err && err.stack ? String(err.stack) : undefined,
    },
    1,
  );
}

const timeoutMs = Number(process.env.TIMEOUT_MS || 60000);
setTimeout(() => fail(new Error(`timeout: no result after ${timeoutMs} ms`)), timeoutMs);
process.on("unhandledRejection", (err) => fail(err));
process.on("uncaughtException", (err) => fail(err));

function requireEnv(name) {
  const v = process.env[name];
  if (v === undefined || v.trim() === "") throw new Error(`missing environment variable ${name}`);
  return v.trim();
}

/** bigint | number | string | undefined → number when exact, else string. */
function num(v) {
  if (v === undefined || v === null) return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : String(v);
}

async function main() {
  const rpc = requireEnv("RPC");
  const mnemonic = requireEnv("MNEMONIC");
  const recipient = requireEnv("RECIPIENT");
  const amount = requireEnv("AMOUNT");
  if (!/^[0-9]+$/.test(amount)) throw new Error(`AMOUNT must be an integer in ${DENOM}, got ${amount}`);

  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: PREFIX });
  const [{ address: sender }] = await wallet.getAccounts();

  // Broadcast polling must finish well inside the hard timeout so a slow block is reported
  // as cosmjs's own TimeoutError rather than our generic one.
  const broadcastTimeoutMs = Math.max(5000, Math.floor(timeoutMs * 0.6));
  const client = await SigningStargateClient.connectWithSigner(rpc, wallet, {
    gasPrice: GasPrice.fromString(GAS_PRICE),
    broadcastTimeoutMs,
    broadcastPollIntervalMs: 500,
  });

  try {
    const chainId = await client.getChainId();
    const heightBefore = await client.getHeight();
    const senderBefore = await client.getBalance(sender, DENOM);
    const recipientBefore = await client.getBalance(recipient, DENOM);
    const account = await client.getAccount(sender);
    if (!account) throw new Error(`account ${sender} not found on chain`);

    const msgs = [
      {
        typeUrl: "/cosmos.bank.v1beta1.MsgSend",
        value: { fromAddress: sender, toAddress: recipient, amount: coins(amount, DENOM) },
      },
    ];

    // The same Simulate query that fee "auto" performs, run once on its own (same sequence,
    // before the real send) so its raw gas estimate can be reported.
    const simulatedGas = await client.simulate(sender, msgs, MEMO);

    const result = await client.signAndBroadcast(sender, msgs, "auto", MEMO);

    const senderAfter = await client.getBalance(sender, DENOM);
    const recipientAfter = await client.getBalance(recipient, DENOM);
    const tx = await client.getTx(result.transactionHash);

    finish(
      {
        ok: true,
        chainId,
        code: result.code,
        height: result.height,
        heightBefore,
        txhash: result.transactionHash,
        gasWanted: num(result.gasWanted),
        gasUsed: num(result.gasUsed),
        simulatedGas: num(simulatedGas),
        senderBefore: senderBefore.amount,
        senderAfter: senderAfter.amount,
        recipientBefore: recipientBefore.amount,
        recipientAfter: recipientAfter.amount,
        accountNumber: account.accountNumber,
        sequenceBefore: account.sequence,
        foundTx: !!tx,
        rawLog: result.rawLog,
      },
      0,
    );
  } finally {
    client.disconnect();
  }
}

main().catch(fail);
