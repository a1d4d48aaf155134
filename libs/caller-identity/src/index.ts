export * from './caller';
export * from './nest/caller.decorator';
export * from './signed-caller';
