import type { TestProject } from 'vitest/node';
import { startDemoServer } from '../demo-server/server';

declare module 'vitest' {
  export interface ProvidedContext {
    demoUrl: string;
    demoPort: number;
  }
}

/** The demo server doubles as the fixture server: one instance for the whole e2e run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startDemoServer({ port: 0 });
  project.provide('demoUrl', server.url);
  project.provide('demoPort', server.port);
  return () => server.close();
}
