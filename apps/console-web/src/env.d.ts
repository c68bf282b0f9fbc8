// Single-file components are type-checked by vue-tsc; plain TypeScript tools see them through this.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

// Stylesheets are bundled by Vite; importing one has no value to type.
declare module '*.css';
