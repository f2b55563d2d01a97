/**
 * Lets a plugin's hooks and decorators apply to the scope that registers it, as fastify-plugin
 * does, using the `skip-override` property that Fastify documents for this.
 * @see https://fastify.dev/docs/latest/Reference/Plugins/#handle-the-scope
 */
import type { FastifyPluginAsync } from 'fastify';

export function shareScope<Options extends object>(
	plugin: FastifyPluginAsync<Options>
): FastifyPluginAsync<Options> {
	return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}
