// A stand-in for the Realtime server's WebSocket, speaking the Phoenix vsn
// 2.0.0 frames realtime-js uses: it accepts joins, answers heartbeats and
// leaves, and lets a test push broadcasts the way Realtime delivers them.

type Frame = [string | null, string | null, string, string, Record<string, unknown>];

export class FakePhoenixSocket {
  static instances: FakePhoenixSocket[] = [];
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  readyState = FakePhoenixSocket.CONNECTING;
  binaryType = "arraybuffer";
  bufferedAmount = 0;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  /** topics joined and not left */
  readonly joined = new Set<string>();
  readonly sent: Frame[] = [];

  constructor(readonly url: string) {
    FakePhoenixSocket.instances.push(this);
    setTimeout(() => {
      this.readyState = FakePhoenixSocket.OPEN;
      this.onopen?.({});
    }, 0);
  }

  send(data: string) {
    const frame = JSON.parse(data) as Frame;
    this.sent.push(frame);
    const [joinRef, ref, topic, event] = frame;
    if (event === "phx_join") {
      this.joined.add(topic);
      this.reply(joinRef, ref, topic, { status: "ok", response: { postgres_changes: [] } });
    } else if (event === "phx_leave") {
      this.joined.delete(topic);
      this.reply(joinRef, ref, topic, { status: "ok", response: {} });
    } else if (event === "heartbeat" || event === "access_token") {
      this.reply(joinRef, ref, topic, { status: "ok", response: {} });
    }
  }

  close(code = 1000) {
    this.readyState = FakePhoenixSocket.CLOSED;
    this.onclose?.({ code, reason: "", wasClean: true });
  }

  private deliver(frame: Frame) {
    setTimeout(() => this.onmessage?.({ data: JSON.stringify(frame) }), 0);
  }

  private reply(joinRef: string | null, ref: string | null, topic: string, payload: Record<string, unknown>) {
    this.deliver([joinRef, ref, topic, "phx_reply", payload]);
  }

  /** What Realtime sends a subscriber when realtime.send(payload, event, topic) commits. */
  broadcast(channel: string, event: string, payload: Record<string, unknown>) {
    this.deliver([null, null, `realtime:${channel}`, "broadcast", { type: "broadcast", event, payload }]);
  }

  static reset() {
    FakePhoenixSocket.instances = [];
  }

  static joinedAnywhere(topic: string): boolean {
    return FakePhoenixSocket.instances.some((socket) => socket.joined.has(`realtime:${topic}`));
  }
}
