// web-test-runner runs the widget suites with mocha; these are the few globals they use.
interface MochaContext {
  skip(): never;
  timeout(ms: number): void;
}

declare global {
  function describe(name: string, body: () => void): void;
  function it(name: string, body: (this: MochaContext) => void | Promise<void>): void;
  function beforeEach(body: () => void | Promise<void>): void;
  function afterEach(body: () => void | Promise<void>): void;
}

export {};
