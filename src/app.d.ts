import type { IncomingMessage } from 'node:http';
import type { Principal } from './core/access';
import type { User } from './db/users';
import type { Services } from './services';

declare global {
	namespace App {
		interface Locals {
			services: Services;
			/** Whoever makes the request; `anonymous` until signed in. */
			principal: Principal;
			user: User | null;
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
