/** Moved to workers/power-permit/permit.ts; this re-export remains while the routes switch their imports. */
export { activePermit } from './power-permit/permit';
