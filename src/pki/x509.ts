/** @peculiar/x509, loaded after the Reflect metadata polyfill its tsyringe container needs. */
import 'reflect-metadata';

export * from '@peculiar/x509';
