import type { IncomingMessage } from 'node:http';
import type { Principal } from './core/access';
import type { Framework } from './core/framework';
import type { User } from './db/users';
import type { Services } from './services';

declare global {
	namespace App {
		interface Locals {
			services: Services;
			/** Whoever makes the request; `anonymous` until signed in. */
			principal: Principal;
			user: User | null;
			/** The framework, read from the database at most once per request. */
			framework(): Framework;
		}
		interface Platform {
			req: IncomingMessage;
		}
		interface Error {
			message: string;
			/** The request id, on our own failures, for the person to quote when reporting it. */
			reference?: string;
		}
	}
}

export {};
