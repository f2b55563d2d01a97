import type { IncomingMessage } from 'node:http';
import type { Services } from './services';

declare global {
	namespace App {
		interface Locals {
			services: Services;
		}
		interface Platform {
			req: IncomingMessage;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
